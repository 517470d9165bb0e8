package io.liftoff.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.liftoff.autoconfigure.embedded.EmbeddedRocketMQAutoConfiguration;
import io.liftoff.client.ClientResources;
import io.liftoff.client.Producer;
import io.liftoff.client.ProducerListener;
import io.liftoff.client.ProducerSnapshot;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.spring.CountingMessageOperations;
import io.liftoff.spring.JacksonPayloadConverter;
import io.liftoff.spring.MessageBody;
import io.liftoff.spring.MessageOperations;
import io.liftoff.spring.MessagePayloadConverter;
import io.liftoff.spring.MessageTemplate;
import io.liftoff.spring.RecordingProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.messaging.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configuration's conditions, back-offs, wiring and start-up failures, with an
 * {@link ApplicationContextRunner} and no RocketMQ running (the producer does no network
 * I/O to start).
 */
class RocketMQAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(RocketMQAutoConfiguration.class, EmbeddedRocketMQAutoConfiguration.class));

    private final ApplicationContextRunner configured = this.runner
        .withPropertyValues("rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=test-group");

    @Test
    void withoutNameServerNothingIsConfigured() {
        this.runner.withPropertyValues("rocketmq.producer.group=test-group").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Producer.class);
            assertThat(context).doesNotHaveBean(MessageTemplate.class);
            assertThat(context).doesNotHaveBean(ProducerLifecycle.class);
            assertThat(context).doesNotHaveBean(RocketMQProperties.class);
            assertThat(context).doesNotHaveBean(EmbeddedRocketMQ.class);
        });
    }

    @Test
    void withNameServerTheProducerRunsWithTheContext() {
        List<Producer> producers = new ArrayList<>();
        this.configured.run((context) -> {
            assertThat(context).hasSingleBean(Producer.class);
            assertThat(context).hasSingleBean(MessageTemplate.class);
            assertThat(context).hasSingleBean(ProducerLifecycle.class);
            assertThat(context).hasSingleBean(JacksonPayloadConverter.class);
            assertThat(context).hasSingleBean(PropertiesRocketMQConnectionDetails.class);
            Producer producer = context.getBean(Producer.class);
            producers.add(producer);
            ProducerSnapshot snapshot = producer.snapshot();
            assertThat(snapshot.state()).isEqualTo(ProducerSnapshot.State.RUNNING);
            assertThat(snapshot.group()).isEqualTo("test-group");
            assertThat(snapshot.nameServers()).extracting(ProducerSnapshot.NameServerState::address)
                .containsExactly("127.0.0.1:9876");
            assertThat(context.getBean(MessageTemplate.class).getProducer()).isSameAs(producer);
            assertThat(context.getBean(ProducerLifecycle.class).isRunning()).isTrue();
            assertThat(context.getBean(ProducerLifecycle.class).getPhase()).isEqualTo(ProducerLifecycle.PHASE);
        });
        assertThat(producers.get(0).snapshot().state()).isEqualTo(ProducerSnapshot.State.CLOSED);
    }

    @Test
    void theProducerRunsOnClientResourcesOfTheContextClosedAfterIt() {
        List<ClientResources> resources = new ArrayList<>();
        List<Producer> producers = new ArrayList<>();
        this.configured.withPropertyValues("rocketmq.producer.transport.io-threads=1").run((context) -> {
            assertThat(context).hasSingleBean(ClientResources.class);
            ClientResources shared = context.getBean(ClientResources.class);
            resources.add(shared);
            producers.add(context.getBean(Producer.class));
            assertThat(shared.name()).isEqualTo("rocketmq");
            assertThat(shared.ioThreads()).isEqualTo(1);
            assertThat(liftoffThreads()).as("no threads of the producer's own")
                .noneMatch((name) -> name.contains("test-group"));
        });
        assertThat(producers.get(0).snapshot().state()).isEqualTo(ProducerSnapshot.State.CLOSED);
        assertThat(resources.get(0).isClosed()).as("closed with the context, after the producer").isTrue();
    }

    @Test
    void anApplicationClientResourcesBeanIsTheOneTheProducerRunsOn() {
        ClientResources own = ClientResources.builder().name("own-threads").build();
        try {
            this.configured.withBean(ClientResources.class, () -> own).run((context) -> {
                assertThat(context).getBean(ClientResources.class).isSameAs(own);
                assertThat(context.getBean(Producer.class).snapshot().state())
                    .isEqualTo(ProducerSnapshot.State.RUNNING);
                // Only a producer running on them starts their threads: its start
                // schedules its upkeep on their timer.
                assertThat(liftoffThreads()).as("the threads of the application's resources")
                    .anyMatch((name) -> name.startsWith("liftoff-timer-own-threads"))
                    .noneMatch((name) -> name.contains("test-group"));
            });
        }
        finally {
            own.close();
        }
    }

    @Test
    void aWrongThreadCountIsReportedAgainstItsProperty() {
        this.configured.withPropertyValues("rocketmq.producer.transport.callback-threads=0").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(RocketMQConfigurationException.class)
                .hasMessageContaining("rocketmq.producer.transport.callback-threads");
        });
    }

    private static List<String> liftoffThreads() {
        return Thread.getAllStackTraces()
            .keySet()
            .stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter((name) -> name.startsWith("liftoff-"))
            .toList();
    }

    @Test
    void anApplicationProducerMakesTheAutoConfiguredOneBackOff() {
        Producer own = Producer.builder().nameServer("127.0.0.1:9876").group("own").build();
        try {
            this.runner.withBean(Producer.class, () -> own).run((context) -> {
                assertThat(context).hasSingleBean(Producer.class);
                assertThat(context).doesNotHaveBean(ProducerLifecycle.class);
                assertThat(context).doesNotHaveBean(RocketMQConnectionDetails.class);
                assertThat(context.getBean(MessageTemplate.class).getProducer()).isSameAs(own);
            });
        }
        finally {
            own.close();
        }
    }

    @Test
    void anApplicationTemplateMakesTheAutoConfiguredOneBackOff() {
        MessageTemplate own = new MessageTemplate(new RecordingProducer().producer(),
                MessagePayloadConverter.unsupported());
        this.configured.withBean(MessageTemplate.class, () -> own).run((context) -> {
            assertThat(context).getBean(MessageTemplate.class).isSameAs(own);
            assertThat(context).hasSingleBean(Producer.class);
        });
    }

    @Test
    void theTemplateIsInjectedWhereMessageOperationsIsAsked() {
        this.configured.withUserConfiguration(OperationsUserConfiguration.class).run((context) -> {
            MessageTemplate template = context.getBean(MessageTemplate.class);
            assertThat(context).getBean(MessageOperations.class).isSameAs(template);
            assertThat(context.getBean(OperationsUser.class).operations()).isSameAs(template);
        });
    }

    @Test
    void anApplicationMessageOperationsWrapsTheTemplateAndIsTheOneInjected() {
        this.configured.withUserConfiguration(DecoratorConfiguration.class, OperationsUserConfiguration.class)
            .run((context) -> {
                assertThat(context).hasSingleBean(MessageTemplate.class);
                MessageOperations operations = context.getBean(MessageOperations.class);
                assertThat(operations).isInstanceOf(CountingMessageOperations.class);
                assertThat(((CountingMessageOperations) operations).delegate())
                    .isSameAs(context.getBean(MessageTemplate.class));
                assertThat(context.getBean(OperationsUser.class).operations()).isSameAs(operations);
            });
    }

    @Test
    void anApplicationTemplateAlsoServesAsMessageOperations() {
        MessageTemplate own = new MessageTemplate(new RecordingProducer().producer(),
                MessagePayloadConverter.unsupported());
        this.configured.withBean(MessageTemplate.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(MessageTemplate.class).hasSingleBean(MessageOperations.class);
            assertThat(context).getBean(MessageOperations.class).isSameAs(own);
        });
    }

    @Test
    void connectionDetailsBeanTakesPrecedenceOverTheProperty() {
        this.configured.withPropertyValues("rocketmq.name-server=10.9.9.9:9876")
            .withBean(RocketMQConnectionDetails.class, () -> () -> List.of("127.0.0.2:9876", "127.0.0.3:9876"))
            .run((context) -> {
                assertThat(context).doesNotHaveBean(PropertiesRocketMQConnectionDetails.class);
                assertThat(context.getBean(Producer.class).snapshot().nameServers())
                    .extracting(ProducerSnapshot.NameServerState::address)
                    .containsExactly("127.0.0.2:9876", "127.0.0.3:9876");
            });
    }

    @Test
    void connectionDetailsBeanAloneActivatesTheAutoConfiguration() {
        this.runner.withPropertyValues("rocketmq.producer.group=test-group")
            .withBean(RocketMQConnectionDetails.class, () -> () -> List.of("127.0.0.2:9876"))
            .run((context) -> assertThat(context).hasSingleBean(Producer.class).hasSingleBean(MessageTemplate.class));
    }

    @Test
    void customizersAreAppliedInOrderAfterTheProperties() {
        this.configured.withUserConfiguration(CustomizerConfiguration.class)
            .run((context) -> assertThat(context.getBean(Producer.class).snapshot().group())
                .isEqualTo("customized-last"));
    }

    @Test
    void everyProducerListenerBeanHearsTheProducer() throws Exception {
        this.configured.withUserConfiguration(ListenerConfiguration.class).run((context) -> {
            context.getBean(Producer.class).refreshRoutes().get(5, TimeUnit.SECONDS);
            assertThat(context.getBean("first", RecordingListener.class).refreshes).isEqualTo(1);
            assertThat(context.getBean("second", RecordingListener.class).refreshes).isEqualTo(1);
        });
    }

    @Test
    void objectsAreWrittenWithTheApplicationJsonMapper() {
        this.configured.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run((context) -> {
            assertThat(context.getBean(JacksonPayloadConverter.class).getJsonMapper())
                .isSameAs(context.getBean(JsonMapper.class));
        });
    }

    @Test
    void anApplicationPayloadConverterReplacesJson() {
        MessagePayloadConverter own = (payload) -> new MessageBody(new byte[] { 42 }, "application/x-answer");
        this.configured.withBean(MessagePayloadConverter.class, () -> own).run((context) -> {
            assertThat(context).doesNotHaveBean(JacksonPayloadConverter.class);
            io.liftoff.client.Message message = context.getBean(MessageTemplate.class).createMessage("t", new Object());
            assertThat(message.body()).containsExactly(42);
            assertThat(message.properties()).containsEntry("contentType", "application/x-answer");
        });
    }

    @Test
    void withoutJacksonObjectsFailWithWhatToAdd() {
        this.configured.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
            assertThat(context).doesNotHaveBean(MessagePayloadConverter.class);
            MessageTemplate template = context.getBean(MessageTemplate.class);
            assertThat(template.createMessage("t", "text").body()).isEqualTo("text".getBytes());
            assertThatExceptionOfType(MessageConversionException.class)
                .isThrownBy(() -> template.createMessage("t", new Object()))
                .withMessageContaining("spring-boot-starter-jackson");
        });
    }

    @Test
    void embeddedNeedsItsPropertyAndItsJar() {
        this.configured.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedRocketMQ.class));
        this.runner.withPropertyValues("rocketmq.embedded.enabled=true", "rocketmq.producer.group=test-group")
            .withClassLoader(new FilteredClassLoader(EmbeddedRocketMQ.class))
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(Producer.class);
            });
    }

    @Test
    void withoutNameServerAnswerTheApplicationStartsAndSendsFailClearly() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        this.runner
            .withPropertyValues("rocketmq.name-server=" + closed, "rocketmq.producer.group=test-group",
                    "rocketmq.producer.route.request-timeout=1s")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThatExceptionOfType(RouteNotFoundException.class)
                    .isThrownBy(() -> context.getBean(MessageTemplate.class).send("orders", "hello"))
                    .withMessageContaining(closed);
            });
    }

    @Test
    void failFastReportsAnUnreachableNameServer() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        this.runner
            .withPropertyValues("rocketmq.name-server=" + closed, "rocketmq.producer.group=test-group",
                    "rocketmq.producer.fail-fast=true", "rocketmq.producer.fail-fast-topics=orders")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new ProducerStartupFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("could not reach any NameServer", closed,
                        "answered at start-up", "Connection refused");
                assertThat(analysis.getAction()).contains("rocketmq.producer.fail-fast=false", "rocketmq.name-server");
            });
    }

    @Test
    void failFastWithoutTopicsReportsThatNoNameServerAnswered() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        this.runner
            .withPropertyValues("rocketmq.name-server=" + closed, "rocketmq.producer.group=test-group",
                    "rocketmq.producer.fail-fast=true", "rocketmq.producer.route.request-timeout=1s")
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new ProducerStartupFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getDescription())
                    .contains("could not reach any NameServer", closed, "answered at start-up")
                    .doesNotContain("topic '");
                assertThat(analysis.getAction()).contains("rocketmq.producer.fail-fast=false");
            });
    }

    @Test
    void failFastReportsATopicWithoutRoute() {
        ProducerStartupException exception = ProducerStartupException.routeNotFound(List.of("127.0.0.1:9876"), "orders",
                new RouteNotFoundException("orders", "No route for topic 'orders': the NameServers do not " + "know it",
                        null));
        FailureAnalysis analysis = new ProducerStartupFailureAnalyzer().analyze(exception);
        assertThat(analysis.getDescription()).contains("Topic 'orders' has no route", "do not know it");
        assertThat(analysis.getAction()).contains("mqadmin updateTopic -t orders", "fail-fast-topics");
    }

    @Test
    void missingGroupIsReported() {
        assertFailure(new String[] { "rocketmq.name-server=127.0.0.1:9876" }, "rocketmq.producer.group",
                "a producer group is required", "Set rocketmq.producer.group to");
    }

    @Test
    void malformedNameServerIsReported() {
        assertFailure(new String[] { "rocketmq.name-server=localhost", "rocketmq.producer.group=g" },
                "rocketmq.name-server", "Address 'localhost' is not of the form host:port",
                "rocketmq.name-server=10.0.0.1:9876;10.0.0.2:9876");
        assertFailure(new String[] { "rocketmq.name-server=10.0.0.1:9876;10.0.0.2:98765", "rocketmq.producer.group=g" },
                "rocketmq.name-server", "Address '10.0.0.2:98765' has port 98765 outside 1-65535", "host:port");
        assertFailure(new String[] { "rocketmq.name-server=", "rocketmq.producer.group=g" }, "rocketmq.name-server",
                "no NameServer address is set", "rocketmq.name-server");
    }

    @Test
    void negativeTimeoutIsReported() {
        assertFailure(
                new String[] { "rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=g",
                        "rocketmq.producer.send-message-timeout=-1" },
                "rocketmq.producer.send-message-timeout", "must be a positive duration", "3000 (milliseconds) or 3s");
        assertFailure(
                new String[] { "rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=g",
                        "rocketmq.producer.route.request-timeout=0s" },
                "rocketmq.producer.route.request-timeout", "must be a positive duration", "positive duration");
    }

    @Test
    void otherOutOfRangeValuesAreReported() {
        String[] base = { "rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=g" };
        assertFailure(with(base, "rocketmq.producer.retry-times-when-send-failed=-1"),
                "rocketmq.producer.retry-times-when-send-failed", "must be at least 0", "whole number");
        assertFailure(with(base, "rocketmq.producer.compress-level=10"), "rocketmq.producer.compress-level",
                "must be within 0-9", "zlib level");
        assertFailure(with(base, "rocketmq.producer.max-message-size=0"), "rocketmq.producer.max-message-size",
                "must be at least 1 byte, was 0 bytes", "4KB");
        assertFailure(with(base, "rocketmq.producer.async.max-in-flight-bytes=1KB"),
                "rocketmq.producer.async.max-in-flight-bytes", "at least 1048576 bytes, was 1024 bytes", "100MB");
        assertFailure(
                with(base, "rocketmq.producer.fault-tolerance.latency-max=50,100",
                        "rocketmq.producer.fault-tolerance.not-available-duration=0"),
                "rocketmq.producer.fault-tolerance.not-available-duration",
                "must have one entry per latencyMax threshold (2), has 1", "same length");
        assertFailure(with(base, "rocketmq.producer.namespace=bad namespace"), "rocketmq.producer.namespace",
                "only letters, digits", "group name of your own");
        assertFailure(with(base, "rocketmq.producer.group=DEFAULT_PRODUCER"), "rocketmq.producer.group", "reserved",
                "group name of your own");
    }

    @Test
    void accessAndSecretKeysSignRequestsAndOneWithoutTheOtherIsReported() {
        String[] base = { "rocketmq.name-server=127.0.0.1:9876", "rocketmq.producer.group=g" };
        this.runner.withPropertyValues(with(base, "rocketmq.producer.access-key=AK", "rocketmq.producer.secret-key=SK"))
            .run((context) -> assertThat(context).hasNotFailed().hasSingleBean(Producer.class));
        assertFailure(with(base, "rocketmq.producer.access-key=AK"), "rocketmq.producer.secret-key",
                "access-key is set but not its secret key", "Set rocketmq.producer.secret-key");
        FailureAnalysis analysis = assertFailure(with(base, "rocketmq.producer.secret-key=very-secret"),
                "rocketmq.producer.access-key", "secret-key is set but not its access key",
                "Set rocketmq.producer.access-key");
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("very-secret");
        this.runner.withPropertyValues(with(base, "rocketmq.producer.access-key=", "rocketmq.producer.secret-key="))
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void aCredentialsProviderBeanSignsTheProducersRequests() throws Exception {
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        // A NameServer that accepts the connection and never answers: the route request
        // is
        // encoded, and so signed.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            this.runner.withPropertyValues("rocketmq.name-server=127.0.0.1:" + silent.getLocalPort(),
                    "rocketmq.producer.group=g", "rocketmq.producer.access-key=AK", "rocketmq.producer.secret-key=SK")
                .withBean(io.liftoff.client.CredentialsProvider.class, () -> () -> {
                    asked.countDown();
                    return io.liftoff.client.Credentials.of("from-bean", "bean-secret");
                })
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    Producer producer = context.getBean(Producer.class);
                    producer.sendAsync(io.liftoff.client.Message.builder("t").body(new byte[] { 1 }).build());
                    assertThat(asked.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the bean was asked").isTrue();
                });
        }
    }

    @Test
    void wrongEmbeddedSettingIsReported() {
        assertFailure(
                new String[] { "rocketmq.embedded.enabled=true", "rocketmq.embedded.brokers=0",
                        "rocketmq.producer.group=g" },
                "rocketmq.embedded.brokers", "brokers must be 1 to 26", "from 1 to 26");
    }

    /**
     * Runs the context with the properties; checks it failed and what the analyzer says,
     * origin included.
     */
    private FailureAnalysis assertFailure(String[] properties, String property, String reason, String action) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        this.runner.withPropertyValues(properties).run((context) -> {
            assertThat(context).hasFailed();
            StandardEnvironment environment = new StandardEnvironment();
            java.util.Map<String, Object> source = new java.util.LinkedHashMap<>();
            for (String pair : properties) {
                source.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            environment.getPropertySources().addFirst(new MapPropertySource("test", source));
            analysis[0] = new RocketMQConfigurationFailureAnalyzer(environment).analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("analysis").isNotNull();
        assertThat(analysis[0].getDescription()).contains("Property: " + property, reason);
        assertThat(analysis[0].getAction()).contains(action);
        boolean set = java.util.Arrays.stream(properties).anyMatch((pair) -> pair.startsWith(property + "="));
        if (set && !property.endsWith("-key")) {
            assertThat(analysis[0].getDescription())
                .contains("Origin: \"" + property + "\" from property source " + "\"test\"");
        }
        return analysis[0];
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        @Order(2)
        ProducerCustomizer last() {
            return (builder) -> builder.group("customized-last");
        }

        @Bean
        @Order(1)
        ProducerCustomizer first() {
            return (builder) -> builder.group("customized-first");
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        @Bean
        RecordingListener first() {
            return new RecordingListener();
        }

        @Bean
        RecordingListener second() {
            return new RecordingListener();
        }

        @Bean
        ProducerListener failing() {
            return new ProducerListener() {
                @Override
                public void routesRefreshed(long durationNanos, Throwable failure) {
                    throw new IllegalStateException("listener failure must not reach the other listeners");
                }
            };
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OperationsUserConfiguration {

        @Bean
        OperationsUser operationsUser(MessageOperations operations) {
            return new OperationsUser(operations);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class DecoratorConfiguration {

        @Bean
        CountingMessageOperations countingOperations(MessageOperations delegate) {
            return new CountingMessageOperations(delegate);
        }

    }

    record OperationsUser(MessageOperations operations) {
    }

    static class RecordingListener implements ProducerListener {

        volatile int refreshes;

        @Override
        public void routesRefreshed(long durationNanos, Throwable failure) {
            this.refreshes++;
        }

    }

}
