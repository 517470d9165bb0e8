package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * A broker did not accept the producer's credentials: no access key was sent, the user
 * does not exist or is disabled, or the signature does not match (a wrong secret key).
 * For example: {@code Broker 127.0.0.1:10911 did not authenticate user 'app' for PUB on
 * Topic:orders: check signature failed. (NO_PERMISSION 16). Check the access key and
 * secret key; not retried}. Not retried.
 */
public final class AuthenticationException extends AccessDeniedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param address the broker's {@code host:port}
     * @param user the access key; absent when the request carried none
     * @param resource the resource, e.g. {@code Topic:orders}
     * @param action the action, e.g. {@code PUB}
     * @param remark the broker's remark
     */
    public AuthenticationException(String address, @Nullable String user, String resource, String action,
            @Nullable String remark) {
        super("Broker " + address + " did not authenticate " + who(user) + " for " + action + " on " + resource + ": "
                + said(remark) + " (NO_PERMISSION 16). Check the access key and secret key"
                + ((user == null) ? " (none is configured)" : "") + "; not retried", address, user, resource, action,
                remark);
    }

}
