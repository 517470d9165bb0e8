package io.liftoff.autoconfigure;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A real {@link SpringApplication} start with a bad configuration prints the failure
 * analysis, not a stack trace: the analyzers are registered in
 * {@code META-INF/spring.factories} and found by Spring Boot.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

    @Test
    void missingGroupIsReportedWithWhatToFix(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--rocketmq.name-server=127.0.0.1:9876"));
        assertThat(output).contains("APPLICATION FAILED TO START", "The RocketMQ producer is not configured correctly",
                "Property: rocketmq.producer.group", "Reason: a producer group is required",
                "Set rocketmq.producer.group to this application's producer group");
    }

    @Test
    void negativeTimeoutIsReportedWithWhereItWasSet(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--rocketmq.name-server=127.0.0.1:9876",
                "--rocketmq.producer.group=g", "--rocketmq.producer.send-message-timeout=-5"));
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: rocketmq.producer.send-message-timeout",
                "Value: \"-5\"",
                "Origin: \"rocketmq.producer.send-message-timeout\" from property source " + "\"commandLineArgs\"",
                "Reason: must be a positive duration");
    }

    @Test
    void unreachableNameServerWithFailFastIsReported(CapturedOutput output) throws IOException {
        String closed = "127.0.0.1:" + RocketMQAutoConfigurationTests.closedPort();
        assertThatException().isThrownBy(() -> run("--rocketmq.name-server=" + closed, "--rocketmq.producer.group=g",
                "--rocketmq.producer.fail-fast=true", "--rocketmq.producer.fail-fast-topics=orders"));
        assertThat(output).contains("APPLICATION FAILED TO START",
                "The RocketMQ producer could not reach any NameServer at start-up", "NameServers: " + closed,
                "set rocketmq.producer.fail-fast=false");
    }

    @Test
    void secretKeyIsNeverPrinted(CapturedOutput output) {
        assertThatException().isThrownBy(() -> run("--rocketmq.name-server=127.0.0.1:9876",
                "--rocketmq.producer.group=g", "--rocketmq.producer.secret-key=do-not-print-me"));
        assertThat(output)
            .contains("Property: rocketmq.producer.access-key", "secret-key is set but not its access key")
            .doesNotContain("do-not-print-me");
    }

    private static void run(String... args) {
        SpringApplication application = new SpringApplication(EmptyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class EmptyApplication {

    }

}
