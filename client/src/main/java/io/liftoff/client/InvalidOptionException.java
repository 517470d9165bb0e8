package io.liftoff.client;

/**
 * A producer option is missing or wrong. Names the option ({@code nameServer},
 * {@code group}, {@code namespace}, ...) so that configuration layers can point at the
 * setting to fix.
 */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The option's name on {@link ProducerBuilder}. */
    private final String option;

    /**
     * Creates the exception.
     * @param option the option's name on {@link ProducerBuilder}
     * @param message what is wrong and what to do
     */
    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /**
     * @return the option's name on {@link ProducerBuilder}
     */
    public String option() {
        return this.option;
    }

}
