package io.liftoff.autoconfigure;

import io.liftoff.spring.MessageTemplate;

/**
 * Adjusts the auto-configured {@link MessageTemplate} before it is used, for settings
 * that have no property (an observation convention, for one). Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order order}; the observation
 * auto-configuration contributes one that sets the
 * {@link io.micrometer.observation.ObservationRegistry}.
 */
@FunctionalInterface
public interface MessageTemplateCustomizer {

    /**
     * Customizes the template.
     * @param template the template, not used yet
     */
    void customize(MessageTemplate template);

}
