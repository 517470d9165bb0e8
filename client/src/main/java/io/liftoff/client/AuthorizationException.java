package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A broker authenticated the producer's user but refused it the action on the resource:
 * no ACL allows it, or one denies it. For example: {@code User 'app' may not PUB on
 * Topic:orders at broker 127.0.0.1:10911: User:app has no permission to access
 * Topic:orders from 127.0.0.1, no matched policies. (NO_PERMISSION 16). Grant the user PUB
 * on Topic:orders with an ACL on the broker; not retried}. Also what a
 * {@code NO_PERMISSION} answer whose remark names no known reason becomes: a refusal that
 * is not retried is the safe reading. Not retried.
 */
public final class AuthorizationException extends AccessDeniedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param address the broker's {@code host:port}
     * @param user the access key; absent when the request carried none
     * @param resource the resource, e.g. {@code Topic:orders}
     * @param action the action, e.g. {@code PUB}
     * @param remark the broker's remark
     */
    public AuthorizationException(String address, @Nullable String user, String resource, String action,
            @Nullable String remark) {
        super(capitalized(who(user)) + " may not " + action + " on " + resource + " at broker " + address + ": "
                + said(remark) + " (NO_PERMISSION 16). Grant the user " + action + " on " + resource
                + " with an ACL on the broker; not retried", address, user, resource, action, remark);
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

}
