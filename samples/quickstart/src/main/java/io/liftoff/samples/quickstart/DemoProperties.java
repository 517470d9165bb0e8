package io.liftoff.samples.quickstart;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The start-up demo, under {@code quickstart.demo}.
 *
 * @param enabled whether to send the demo bursts at start-up
 * @param burstSize how many events each send mode sends
 */
@ConfigurationProperties("quickstart.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100") int burstSize) {
}
