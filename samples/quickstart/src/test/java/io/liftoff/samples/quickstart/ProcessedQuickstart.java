package io.liftoff.samples.quickstart;

import java.math.BigDecimal;
import java.time.Instant;

import io.liftoff.client.SendResult;
import io.liftoff.embedded.EmbeddedRocketMQ;
import io.liftoff.spring.MessageTemplate;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample as {@code java -Dspring.aot.enabled=true} runs it once {@code process-aot}
 * has processed it: the child JVM of {@link QuickstartAotIntegrationTests}. Starts
 * {@link QuickstartApplication} as its {@code main} does (its generated initializer),
 * sends one order event through the {@link MessageTemplate}, prints what the test checks
 * as {@code name=value} lines after {@value #PREFIX}, then {@value #READY}; closes the
 * application when its standard input ends (the test closes it, or died), and exits with
 * 0 when all went well.
 */
final class ProcessedQuickstart {

    /** Starts each line the test reads. */
    static final String PREFIX = "aot-probe ";

    /** The last line printed before waiting. */
    static final String READY = PREFIX + "ready";

    /** Key, order id and tag of the event sent. */
    static final String ORDER_ID = "aot-1";

    private ProcessedQuickstart() {
    }

    public static void main(String[] args) {
        int exitCode = 1;
        ConfigurableApplicationContext context = null;
        try {
            // As QuickstartApplication.main: Spring Boot runs the initializer generated
            // for the main application class.
            SpringApplication application = new SpringApplication(QuickstartApplication.class);
            application.setMainApplicationClass(QuickstartApplication.class);
            context = application.run(args);
            probe(context);
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() != -1) {
                // Until the test closes the pipe.
            }
            exitCode = 0;
        }
        catch (Throwable ex) {
            ex.printStackTrace();
        }
        finally {
            if (context != null) {
                context.close();
            }
        }
        System.exit(exitCode);
    }

    private static void probe(ConfigurableApplicationContext context) {
        report("aotEnabled", AotDetector.useGeneratedArtifacts());
        report("context", context.getClass().getName());
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        BeanDefinition template = beanFactory
            .getBeanDefinition(beanFactory.getBeanNamesForType(MessageTemplate.class)[0]);
        report("templateDefinition", template.getClass().getName());
        Object supplier = (template instanceof AbstractBeanDefinition definition) ? definition.getInstanceSupplier()
                : null;
        report("templateInstanceSupplier", (supplier != null) ? supplier.getClass().getName() : "none");
        report("nameServer", context.getBean(EmbeddedRocketMQ.class).nameServerAddress());
        OrderEvent event = new OrderEvent(ORDER_ID, "ada", new BigDecimal("12.50"), "aot", Instant.now());
        SendResult result = context.getBean(MessageTemplate.class)
            .send(OrderController.TOPIC + ":aot", event, ORDER_ID);
        report("messageId", result.messageId());
    }

    private static void report(String name, Object value) {
        System.out.println(PREFIX + name + "=" + value);
    }

}
