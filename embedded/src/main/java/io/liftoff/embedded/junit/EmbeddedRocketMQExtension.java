package io.liftoff.embedded.junit;

import java.util.Arrays;
import java.util.Optional;

import io.liftoff.embedded.EmbeddedAuth;
import io.liftoff.embedded.EmbeddedRocketMQ;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link WithEmbeddedRocketMQ}: starts one
 * {@link EmbeddedRocketMQ} per annotated test class, keeps it in that class's
 * {@link ExtensionContext.Store} (which closes it when the class is done) and resolves
 * parameters of type {@link EmbeddedRocketMQ}.
 */
public final class EmbeddedRocketMQExtension implements BeforeAllCallback, ParameterResolver {

    /** Queues per broker of a topic specification without a count: 4. */
    public static final int DEFAULT_QUEUES_PER_BROKER = 4;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(EmbeddedRocketMQExtension.class);

    /**
     * Creates the extension; JUnit instantiates it through {@link WithEmbeddedRocketMQ}.
     */
    public EmbeddedRocketMQExtension() {
    }

    /**
     * Starts the cluster of the test class, unless an enclosing class already did.
     * @param context the class context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    /**
     * Supports parameters of type {@link EmbeddedRocketMQ}.
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter is an {@link EmbeddedRocketMQ}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedRocketMQ.class;
    }

    /**
     * Returns the cluster of the test class, starting it if needed.
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the running cluster
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    private static EmbeddedRocketMQ cluster(ExtensionContext context) {
        ExtensionContext owner = annotatedClassContext(context);
        WithEmbeddedRocketMQ settings = owner.getRequiredTestClass().getAnnotation(WithEmbeddedRocketMQ.class);
        return owner.getStore(NAMESPACE)
            .computeIfAbsent(EmbeddedRocketMQ.class, (key) -> start(settings), EmbeddedRocketMQ.class);
    }

    /**
     * The nearest class-level context whose class carries (or inherits) the annotation.
     */
    private static ExtensionContext annotatedClassContext(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current
            .isPresent(); current = current.get().getParent()) {
            ExtensionContext candidate = current.get();
            boolean classLevel = candidate.getTestMethod().isEmpty() && candidate.getTestClass().isPresent();
            if (classLevel && candidate.getRequiredTestClass().isAnnotationPresent(WithEmbeddedRocketMQ.class)) {
                return candidate;
            }
        }
        throw new ExtensionConfigurationException("EmbeddedRocketMQExtension needs @WithEmbeddedRocketMQ on the test "
                + "class or an enclosing class of " + context.getTestClass().map(Class::getName).orElse("the test"));
    }

    private static EmbeddedRocketMQ start(WithEmbeddedRocketMQ settings) {
        EmbeddedRocketMQ.Builder builder = EmbeddedRocketMQ.builder()
            .brokers(settings.brokers())
            .autoCreateTopic(settings.autoCreateTopic())
            .tls(settings.tls());
        for (String spec : settings.topics()) {
            addTopic(builder, spec);
        }
        EmbeddedRocketMQ rocketmq;
        try {
            if (settings.auth() || settings.users().length > 0) {
                builder.auth(auth(settings));
            }
            rocketmq = builder.build();
        }
        catch (IllegalArgumentException ex) {
            throw new ExtensionConfigurationException("Invalid @WithEmbeddedRocketMQ: " + ex.getMessage(), ex);
        }
        return rocketmq.start();
    }

    /** Parses {@code name:secret} users and {@code user:ACTION,ACTION:resource} ACLs. */
    static EmbeddedAuth auth(WithEmbeddedRocketMQ settings) {
        EmbeddedAuth.Builder auth = EmbeddedAuth.builder();
        for (String user : settings.users()) {
            int colon = user.indexOf(':');
            if (colon <= 0) {
                throw new ExtensionConfigurationException(
                        "Invalid @WithEmbeddedRocketMQ user (expected name:secret): no secret given");
            }
            auth.user(user.substring(0, colon).strip(), user.substring(colon + 1).strip());
        }
        for (String acl : settings.acls()) {
            String[] parts = acl.split(":", 3);
            if (parts.length != 3) {
                throw new ExtensionConfigurationException("Invalid @WithEmbeddedRocketMQ ACL '" + acl
                        + "' (expected user:ACTION[,ACTION...]:resource, such as app:PUB:Topic:orders)");
            }
            auth.allow(parts[0].strip(), parts[2].strip(),
                    Arrays.stream(parts[1].split(",")).map(String::strip).toArray(String[]::new));
        }
        return auth.build();
    }

    /** Parses {@code name[:queuesPerBroker][@broker,broker...]}. */
    static void addTopic(EmbeddedRocketMQ.Builder builder, String spec) {
        String rest = spec.strip();
        String[] brokers = new String[0];
        int at = rest.indexOf('@');
        if (at >= 0) {
            brokers = Arrays.stream(rest.substring(at + 1).split(","))
                .map(String::strip)
                .filter((name) -> !name.isEmpty())
                .toArray(String[]::new);
            rest = rest.substring(0, at);
            if (brokers.length == 0) {
                throw invalid(spec, "no broker name after '@'");
            }
        }
        int queues = DEFAULT_QUEUES_PER_BROKER;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            try {
                queues = Integer.parseInt(rest.substring(colon + 1).strip());
            }
            catch (NumberFormatException ex) {
                throw invalid(spec, "queuesPerBroker is not a number");
            }
            rest = rest.substring(0, colon);
        }
        String name = rest.strip();
        try {
            if (brokers.length == 0) {
                builder.topic(name, queues);
            }
            else {
                builder.topicOnBrokers(name, queues, brokers);
            }
        }
        catch (IllegalArgumentException ex) {
            throw invalid(spec, ex.getMessage());
        }
    }

    private static ExtensionConfigurationException invalid(String spec, String reason) {
        return new ExtensionConfigurationException("Invalid @WithEmbeddedRocketMQ topic '" + spec + "' ("
                + "expected name[:queuesPerBroker][@broker,...], for example \"orders:4\" or \"audit:1@broker-a\"): "
                + reason);
    }

}
