package io.liftoff.client;

/**
 * Supplies the credentials a producer signs its requests with, for credentials that
 * rotate. The producer asks for them once per request, on the thread that encodes it (an
 * I/O thread, or the caller's thread of a sync send), and signs the request with what it
 * gets: a new value is used from the next request on, without a restart. So the method
 * must be fast and must not block: keep the current credentials in a field (a
 * {@code volatile} one, or an {@code AtomicReference}) and replace them from wherever
 * they are refreshed. Returning the same instance as the last time costs nothing; new
 * credentials cost one key set-up on each connection. A provider that throws fails the
 * request it was asked for, with its message.
 */
@FunctionalInterface
public interface CredentialsProvider {

    /**
     * Returns the credentials to sign the next request with.
     * @return the credentials, never {@code null}
     */
    Credentials credentials();

    /**
     * Returns a provider of fixed credentials.
     * @param credentials the credentials
     * @return a provider that always returns them
     */
    static CredentialsProvider of(Credentials credentials) {
        java.util.Objects.requireNonNull(credentials, "credentials");
        return () -> credentials;
    }

}
