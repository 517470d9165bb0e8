package io.liftoff.client;

/** A send was attempted on a producer that is not started, is closing, or is closed. */
public class ProducerClosedException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message the producer's state and what to do
     */
    public ProducerClosedException(String message) {
        super(message);
    }

}
