package io.liftoff.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the producer connects. By default built from {@code rocketmq.name-server};
 * supplied instead by the embedded RocketMQ when {@code rocketmq.embedded.enabled=true},
 * or by a bean of this type that the application (or a test) defines, which then takes
 * precedence over the property.
 */
public interface RocketMQConnectionDetails extends ConnectionDetails {

    /**
     * Returns the NameServer addresses.
     * @return the addresses as {@code host:port}, at least one, in the order they are
     * tried
     */
    List<String> getNameServers();

}
