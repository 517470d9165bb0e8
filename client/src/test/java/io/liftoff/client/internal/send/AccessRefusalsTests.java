package io.liftoff.client.internal.send;

import io.liftoff.client.AccessDeniedException;
import io.liftoff.client.AuthenticationException;
import io.liftoff.client.AuthorizationException;
import io.liftoff.client.Credentials;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.ResponseCodes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remarks of RocketMQ 5.3's ACL 2.0 refusals (and of the brokers' other NO_PERMISSION
 * answers) and the exception each becomes.
 */
class AccessRefusalsTests {

    private static final CredentialsProvider KEYS = CredentialsProvider.of(Credentials.of("app", "top-secret"));

    @Test
    void authenticationRemarksBecomeAuthenticationExceptionsNamingUserResourceActionAndBroker() {
        for (String remark : new String[] { "check signature failed.", "User:ghost is not found.",
                "User:app is disabled.", "username cannot be null.", "user not found" }) {
            ErrorResponseException refused = refusal(remark, KEYS);
            assertThat(refused).as(remark).isInstanceOf(AuthenticationException.class);
            assertThat(refused.getMessage()).contains("127.0.0.1:10911", "PUB", "Topic:orders", remark)
                .doesNotContain("top-secret");
        }
        assertThat(((AccessDeniedException) refusal("User:ghost is not found.", KEYS)).user()).isEqualTo("ghost");
        assertThat(((AccessDeniedException) refusal("check signature failed.", KEYS)).user()).isEqualTo("app");
        assertThat(refusal("username cannot be null.", null).getMessage()).contains("without access key");
    }

    @Test
    void authorizationRemarksAndUnknownOnesBecomeAuthorizationExceptions() {
        String noPolicy = "User:app has no permission to access Topic:orders from 127.0.0.1, no matched policies.";
        AccessDeniedException refused = (AccessDeniedException) refusal(noPolicy, KEYS);

        assertThat(refused).isInstanceOf(AuthorizationException.class);
        assertThat(refused.user()).isEqualTo("app");
        assertThat(refused.resource()).isEqualTo("Topic:orders");
        assertThat(refused.action()).isEqualTo("PUB");
        assertThat(refused.address()).isEqualTo("127.0.0.1:10911");
        assertThat(refused.code()).isEqualTo(ResponseCodes.NO_PERMISSION);
        assertThat(refused.getMessage()).startsWith("User 'app' may not PUB on Topic:orders at broker 127.0.0.1:10911");
        assertThat(refusal("User:app has no permission to access Topic:orders from 127.0.0.1, the decision is deny.",
                KEYS))
            .isInstanceOf(AuthorizationException.class);
        assertThat(refusal(null, KEYS)).as("no remark: the safe reading").isInstanceOf(AuthorizationException.class);
        assertThat(refusal("something new", KEYS)).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void aBrokerOrTopicThatIsNotWritableStaysAPlainRetryableRefusal() {
        ErrorResponseException refused = refusal("the topic[orders] sending message is forbidden", KEYS);

        assertThat(refused).isNotInstanceOf(AccessDeniedException.class);
        assertThat(AccessRefusals.refusal("b:1", 310, ResponseCodes.SYSTEM_BUSY, "busy", "Topic:t", "PUB", KEYS))
            .isNotInstanceOf(AccessDeniedException.class);
    }

    private static ErrorResponseException refusal(@Nullable String remark, @Nullable CredentialsProvider keys) {
        return AccessRefusals.refusal("127.0.0.1:10911", 310, ResponseCodes.NO_PERMISSION, remark, "Topic:orders",
                "PUB", keys);
    }

}
