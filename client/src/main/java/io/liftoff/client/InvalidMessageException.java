package io.liftoff.client;

/**
 * A message, batch or option breaks a rule and was rejected before any network I/O. The
 * message names the rule, for example
 * {@code Topic 'a b' has illegal characters: only letters, digits, '%', '|', '-' and '_'
 * are allowed}.
 */
public class InvalidMessageException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message the rule that was broken
     */
    public InvalidMessageException(String message) {
        super(message);
    }

}
