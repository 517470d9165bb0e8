package io.liftoff.autoconfigure.endpoint;

import io.liftoff.autoconfigure.ActuatorClient;
import io.liftoff.client.AuthorizationException;
import io.liftoff.client.Message;
import io.liftoff.client.Producer;
import io.liftoff.client.SendStatus;
import io.liftoff.embedded.EmbeddedAuth;
import io.liftoff.embedded.EmbeddedRocketMQ;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The RocketMQ secret key never appears in {@code /actuator/rocketmq},
 * {@code /actuator/env} or {@code /actuator/configprops} (even with
 * {@code show-values=always}, so that every other value is shown), nor in the log
 * (Liftoff at DEBUG), with ACL on: the auto-configured producer signs its sends with the
 * keys to an embedded RocketMQ with authentication and authorization on, one send is
 * stored and one refused ({@link AuthorizationException}, which names the user, not the
 * secret). The access key is masked in the properties too.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsNeverShownTests {

    private static final String ACCESS_KEY = "AK-shown-nowhere-4711";

    private static final String SECRET_KEY = "SK-shown-nowhere-0815";

    private static EmbeddedRocketMQ rocketmq;

    private static ConfigurableApplicationContext context;

    private static ActuatorClient actuator;

    @BeforeAll
    static void startApplication() {
        rocketmq = EmbeddedRocketMQ.builder()
            .topic("shown-nowhere", 1)
            .topic("not-granted", 1)
            .auth(EmbeddedAuth.builder()
                .user(ACCESS_KEY, SECRET_KEY)
                .allow(ACCESS_KEY, "Topic:shown-nowhere", "PUB")
                .build())
            .start();
        context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET)
            .run("--server.port=0", "--rocketmq.name-server=" + rocketmq.nameServerAddress(),
                    "--rocketmq.producer.group=credentials-test", "--rocketmq.producer.access-key=" + ACCESS_KEY,
                    "--rocketmq.producer.secret-key=" + SECRET_KEY,
                    "--management.endpoints.web.exposure.include=health,rocketmq,env,configprops",
                    "--management.endpoint.env.show-values=always",
                    "--management.endpoint.configprops.show-values=always",
                    "--management.endpoint.health.show-details=always", "--logging.level.io.liftoff=debug");
        actuator = new ActuatorClient(((WebServerApplicationContext) context).getWebServer().getPort());
        Producer producer = context.getBean(Producer.class);
        assertThat(producer.send(Message.builder("shown-nowhere").body(new byte[] { 1 }).build()).status())
            .isEqualTo(SendStatus.SEND_OK);
        assertThatThrownBy(() -> producer.send(Message.builder("not-granted").body(new byte[] { 1 }).build()))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("User '" + ACCESS_KEY + "' may not PUB on Topic:not-granted")
            .hasMessageNotContaining(SECRET_KEY);
    }

    @AfterAll
    static void closeApplication() {
        if (context != null) {
            context.close();
        }
        if (rocketmq != null) {
            rocketmq.close();
        }
    }

    @Test
    void theEndpointShowsTheKeysMasked() throws Exception {
        ActuatorClient.Response response = actuator.get("/actuator/rocketmq");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/configuration/accessKey").asString()).isEqualTo("******");
        assertThat(response.json().at("/configuration/secretKey").asString()).isEqualTo("******");
        assertThat(response.body()).contains("credentials-test").doesNotContain(SECRET_KEY);
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
        assertThat(output.getAll()).as("the start-up log was captured").contains("Started ").doesNotContain(SECRET_KEY);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

    }

}
