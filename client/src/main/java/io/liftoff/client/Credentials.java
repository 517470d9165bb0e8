package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * An access key and its secret, with an optional security token (temporary credentials):
 * what a producer signs its requests with for brokers that have authentication on
 * (RocketMQ ACL 2.0, and ACL 1.0 brokers, which read the same signature). The secret and
 * the token never leave the producer: {@link #toString()} masks them, and no exception or
 * log message contains them.
 *
 * @param accessKey the access key, the user name the broker knows
 * @param secretKey the secret key the requests are signed with
 * @param securityToken a security token sent with each request; none for none
 */
public record Credentials(String accessKey, String secretKey, @Nullable String securityToken) {

    /**
     * Checks the components. The messages never contain the secret or the token.
     * @param accessKey the access key, the user name the broker knows
     * @param secretKey the secret key the requests are signed with
     * @param securityToken a security token sent with each request; none for none
     * @throws InvalidOptionException when the access key or the secret key is blank, or
     * the token is blank but present
     */
    public Credentials {
        if (accessKey == null || accessKey.isBlank()) {
            throw new InvalidOptionException("accessKey",
                    "accessKey must not be blank, was " + ((accessKey != null) ? "'" + accessKey + "'" : "null"));
        }
        if (secretKey == null || secretKey.isBlank()) {
            throw new InvalidOptionException("secretKey",
                    "secretKey must not be blank (access key '" + accessKey + "')");
        }
        if (securityToken != null && securityToken.isBlank()) {
            throw new InvalidOptionException("securityToken",
                    "securityToken must not be blank when given (access key '" + accessKey + "'): pass null for none");
        }
    }

    /**
     * Creates credentials without a security token.
     * @param accessKey the access key
     * @param secretKey the secret key
     * @return the credentials
     * @throws InvalidOptionException when either is blank
     */
    public static Credentials of(String accessKey, String secretKey) {
        return new Credentials(accessKey, secretKey, null);
    }

    /**
     * Shows the access key only.
     * @return {@code Credentials[accessKey=..., secretKey=******]}, with
     * {@code securityToken=******} when there is one
     */
    @Override
    public String toString() {
        return "Credentials[accessKey=" + this.accessKey + ", secretKey=******"
                + ((this.securityToken != null) ? ", securityToken=******" : "") + "]";
    }

}
