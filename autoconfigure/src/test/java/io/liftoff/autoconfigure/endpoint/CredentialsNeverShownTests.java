package io.liftoff.autoconfigure.endpoint;

import io.liftoff.autoconfigure.ActuatorClient;
import io.liftoff.client.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RocketMQ access and secret keys never appear in {@code /actuator/rocketmq},
 * {@code /actuator/env} or {@code /actuator/configprops} (even with
 * {@code show-values=always}, so that every other value is shown), nor in the log
 * (Liftoff at DEBUG). The auto-configured producer refuses credentials until Liftoff
 * supports ACL ({@code StartupFailureReportTests} shows that report masks them), so this
 * application defines its own {@link Producer} while the keys are set; no RocketMQ is
 * needed.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsNeverShownTests {

    private static final String ACCESS_KEY = "AK-shown-nowhere-4711";

    private static final String SECRET_KEY = "SK-shown-nowhere-0815";

    private static ConfigurableApplicationContext context;

    private static ActuatorClient actuator;

    @BeforeAll
    static void startApplication() {
        context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET)
            .run("--server.port=0", "--rocketmq.producer.group=credentials-test",
                    "--rocketmq.producer.access-key=" + ACCESS_KEY, "--rocketmq.producer.secret-key=" + SECRET_KEY,
                    "--management.endpoints.web.exposure.include=health,rocketmq,env,configprops",
                    "--management.endpoint.env.show-values=always",
                    "--management.endpoint.configprops.show-values=always",
                    "--management.endpoint.health.show-details=always", "--logging.level.io.liftoff=debug");
        actuator = new ActuatorClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @AfterAll
    static void closeApplication() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void theEndpointShowsTheKeysMasked() throws Exception {
        ActuatorClient.Response response = actuator.get("/actuator/rocketmq");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/configuration/accessKey").asString()).isEqualTo("******");
        assertThat(response.json().at("/configuration/secretKey").asString()).isEqualTo("******");
        assertThat(response.body()).contains("credentials-test").doesNotContain(SECRET_KEY, ACCESS_KEY);
    }

    @Test
    void envShowsEveryValueButTheKeys() throws Exception {
        ActuatorClient.Response env = actuator.get("/actuator/env");
        assertThat(env.status()).isEqualTo(200);
        assertThat(env.body()).contains("rocketmq.producer.secret-key", "credentials-test")
            .doesNotContain(SECRET_KEY, ACCESS_KEY);
        ActuatorClient.Response property = actuator.get("/actuator/env/rocketmq.producer.secret-key");
        assertThat(property.status()).isEqualTo(200);
        assertThat(property.json().at("/property/value").asString()).isEqualTo("******");
        assertThat(property.body()).doesNotContain(SECRET_KEY);
    }

    @Test
    void configpropsShowsEveryValueButTheKeys() throws Exception {
        ActuatorClient.Response configprops = actuator.get("/actuator/configprops");
        assertThat(configprops.status()).isEqualTo(200);
        assertThat(configprops.body()).contains("credentials-test", "secretKey").doesNotContain(SECRET_KEY, ACCESS_KEY);
        ActuatorClient.Response rocketmq = actuator.get("/actuator/configprops/rocketmq");
        assertThat(rocketmq.status()).isEqualTo(200);
        assertThat(rocketmq.body()).contains("credentials-test").doesNotContain(SECRET_KEY, ACCESS_KEY);
    }

    @Test
    void theLogNeverShowsTheKeys(CapturedOutput output) throws Exception {
        actuator.get("/actuator/health");
        actuator.get("/actuator/rocketmq");
        assertThat(output.getAll()).as("the start-up log was captured")
            .contains("Started ")
            .doesNotContain(SECRET_KEY, ACCESS_KEY);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @Bean(destroyMethod = "close")
        Producer producer() {
            return Producer.builder().nameServer("127.0.0.1:9876").group("credentials-test").build();
        }

    }

}
