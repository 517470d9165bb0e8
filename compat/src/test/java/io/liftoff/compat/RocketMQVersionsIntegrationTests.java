package io.liftoff.compat;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The version suite: every concern against a NameServer and two brokers of each RocketMQ
 * version (4.9.7, 5.1.4, 5.3.3, 5.5.x), run as child JVMs on that version's class path
 * and checked with its official consumer. One version at a time, all its concerns before
 * the next version starts; a version whose artifacts could not be resolved is skipped
 * with a message. The broker crash runs last, since it restarts a broker.
 */
@ParameterizedClass(name = "RocketMQ {0}")
@MethodSource("io.liftoff.compat.CompatVersions#all")
@ExtendWith(SharedClusters.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class RocketMQVersionsIntegrationTests {

    @Parameter
    String version;

    @Nested
    @Order(1)
    class Fixture extends RocketMQProcessesIntegrationTests {

        @Override
        String version() {
            return RocketMQVersionsIntegrationTests.this.version;
        }

    }

    @Nested
    @Order(2)
    class RouteAndTopicAutoCreation extends RouteAndTopicAutoCreationIntegrationTests {

        @Override
        String version() {
            return RocketMQVersionsIntegrationTests.this.version;
        }

    }

    @Nested
    @Order(3)
    class SendModes extends SendModesIntegrationTests {

        @Override
        String version() {
            return RocketMQVersionsIntegrationTests.this.version;
        }

    }

    @Nested
    @Order(4)
    class DelayedMessages extends DelayedMessagesIntegrationTests {

        @Override
        String version() {
            return RocketMQVersionsIntegrationTests.this.version;
        }

    }

    @Nested
    @Order(5)
    class BrokerCrashUnderSyncLoad extends BrokerCrashUnderSyncLoadIntegrationTests {

        @Override
        String version() {
            return RocketMQVersionsIntegrationTests.this.version;
        }

    }

}
