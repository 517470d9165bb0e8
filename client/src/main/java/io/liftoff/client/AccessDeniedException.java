package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A broker with authentication on refused a request: {@code NO_PERMISSION} (16) with a
 * remark that says why. Either the credentials were not accepted
 * ({@link AuthenticationException}) or the user may not do this
 * ({@link AuthorizationException}). Names the user (the access key, never the secret),
 * the resource ({@code Topic:orders}), the action ({@code PUB}) and the broker. A send
 * refused this way is not retried: another attempt, on this broker or another one of the
 * cluster, would be refused the same way until the credentials or the ACLs change.
 */
public abstract sealed class AccessDeniedException extends ErrorResponseException
        permits AuthenticationException, AuthorizationException {

    private static final long serialVersionUID = 1L;

    /** The access key refused; absent when the request carried none. */
    private final @Nullable String user;

    /** The resource as the broker's ACLs name it, e.g. {@code Topic:orders}. */
    private final String resource;

    /** The action as the broker's ACLs name it, e.g. {@code PUB}. */
    private final String action;

    AccessDeniedException(String message, String address, @Nullable String user, String resource, String action,
            @Nullable String remark) {
        super(message, address, ResponseCodes.NO_PERMISSION, remark);
        this.user = user;
        this.resource = resource;
        this.action = action;
    }

    /**
     * Returns the user refused: the access key the broker names in its remark, else the
     * one the producer signed with.
     * @return the access key; absent when the request carried none
     */
    public @Nullable String user() {
        return this.user;
    }

    /**
     * Returns the resource the request was for.
     * @return the resource as the broker's ACLs name it, e.g. {@code Topic:orders}
     */
    public String resource() {
        return this.resource;
    }

    /**
     * Returns the action refused.
     * @return the action as the broker's ACLs name it, e.g. {@code PUB}
     */
    public String action() {
        return this.action;
    }

    static String who(@Nullable String user) {
        return (user != null) ? "user '" + user + "'" : "a request without access key";
    }

    static String said(@Nullable String remark) {
        return (remark != null && !remark.isBlank()) ? remark.strip() : "no remark";
    }

}
