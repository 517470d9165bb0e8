package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * No route to write a topic could be found: the NameServers do not know the topic (nor
 * the default topic used for auto-creation), or none of them could be reached and no
 * route is cached.
 */
public class RouteNotFoundException extends LiftoffException {

    private static final long serialVersionUID = 1L;

    /** The topic that has no route. */
    private final String topic;

    /**
     * Creates the exception.
     * @param topic the topic
     * @param message what happened, naming every NameServer tried
     * @param cause the last failure; absent when the NameServers answered but no broker
     * can be written
     */
    public RouteNotFoundException(String topic, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /**
     * @return the topic that has no route
     */
    public String topic() {
        return this.topic;
    }

}
