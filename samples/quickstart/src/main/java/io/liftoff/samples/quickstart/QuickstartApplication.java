package io.liftoff.samples.quickstart;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small web application that publishes order events through Liftoff's
 * {@code MessageTemplate}: {@code POST
 * /orders} sends one, and at start-up {@link DemoBurstRunner} sends a burst in each send
 * mode. With the {@code application.yml} of this sample it runs on an embedded RocketMQ,
 * so nothing else needs to be installed.
 *
 * <p>
 * Ready for Spring AOT: {@link OrderEvent} is written as JSON by the template, where
 * Spring cannot see it in a method signature, so its binding hints are registered here
 * for native images.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@RegisterReflectionForBinding(OrderEvent.class)
public class QuickstartApplication {

    /**
     * Starts the application.
     * @param args command-line arguments, for example
     * {@code --quickstart.demo.burst-size=1000}
     */
    public static void main(String[] args) {
        SpringApplication.run(QuickstartApplication.class, args);
    }

}
