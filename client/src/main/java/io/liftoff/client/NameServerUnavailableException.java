package io.liftoff.client;

import java.util.List;

/**
 * No NameServer answered: every address was tried and each failure is named in the
 * message.
 */
public class NameServerUnavailableException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** Every NameServer address tried. */
    private final List<String> addresses;

    /**
     * Creates the exception.
     * @param addresses every NameServer tried
     * @param message what happened, with each address's failure
     * @param cause the last failure
     */
    public NameServerUnavailableException(List<String> addresses, String message, Throwable cause) {
        super(message, cause);
        this.addresses = List.copyOf(addresses);
    }

    /**
     * @return every NameServer address tried
     */
    public List<String> addresses() {
        return this.addresses;
    }

}
