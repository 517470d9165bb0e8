package io.liftoff.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@link RocketMQConnectionDetails} from {@code rocketmq.name-server}: addresses
 * separated by {@code ;} (commas are accepted too), trimmed, empty entries skipped.
 * Addresses are checked when the producer is built.
 */
class PropertiesRocketMQConnectionDetails implements RocketMQConnectionDetails {

    private final RocketMQProperties properties;

    PropertiesRocketMQConnectionDetails(RocketMQProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> getNameServers() {
        return split(this.properties.getNameServer());
    }

    static List<String> split(@Nullable String nameServer) {
        List<String> addresses = new ArrayList<>();
        if (nameServer == null) {
            return addresses;
        }
        for (String part : nameServer.split("[;,]")) {
            String address = part.strip();
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        return addresses;
    }

}
