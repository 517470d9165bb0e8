package io.liftoff.samples.quickstart;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.liftoff.spring.MessageTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, sends a burst of demo order events in each send mode (sync, async, oneway,
 * orderly, delayed, batch) to topic {@value OrderController#TOPIC} with tag {@code demo},
 * and logs one line per mode: how many were sent, how long it took and how many failed.
 */
@Component
class DemoBurstRunner implements ApplicationRunner {

    private static final Logger logger = LoggerFactory.getLogger(DemoBurstRunner.class);

    private static final String DESTINATION = OrderController.TOPIC + ":demo";

    private static final int BATCH_SIZE = 50;

    private final MessageTemplate template;

    private final DemoProperties properties;

    DemoBurstRunner(MessageTemplate template, DemoProperties properties) {
        this.template = template;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!this.properties.enabled()) {
            return;
        }
        int size = this.properties.burstSize();
        burst("sync", size, (i) -> this.template.send(DESTINATION, event(i), id(i)));
        burst("oneway", size, (i) -> this.template.sendOneway(DESTINATION, event(i)));
        burst("orderly", size, (i) -> this.template.sendOrderly(DESTINATION, event(i), "customer-" + (i % 10)));
        burst("delayed", size, (i) -> this.template.sendDelayed(DESTINATION, event(i), Duration.ofSeconds(5)));
        asyncBurst(size);
        batchBurst(size);
    }

    private void burst(String mode, int size, IntConsumer send) {
        long start = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < size; i++) {
            try {
                send.accept(i);
            }
            catch (RuntimeException ex) {
                failed++;
                logger.debug("Demo {} send {} failed", mode, i, ex);
            }
        }
        summary(mode, size, failed, start);
    }

    private void asyncBurst(int size) {
        long start = System.nanoTime();
        List<CompletableFuture<?>> futures = new ArrayList<>(size);
        int failed = 0;
        for (int i = 0; i < size; i++) {
            try {
                futures.add(this.template.sendAsync(DESTINATION, event(i), id(i)));
            }
            catch (RuntimeException ex) {
                failed++;
            }
        }
        for (CompletableFuture<?> future : futures) {
            try {
                future.get(10, TimeUnit.SECONDS);
            }
            catch (Exception ex) {
                failed++;
            }
        }
        summary("async", size, failed, start);
    }

    private void batchBurst(int size) {
        long start = System.nanoTime();
        int failed = 0;
        for (int from = 0; from < size; from += BATCH_SIZE) {
            List<OrderEvent> batch = new ArrayList<>();
            for (int i = from; i < Math.min(size, from + BATCH_SIZE); i++) {
                batch.add(event(i));
            }
            try {
                this.template.sendBatch(DESTINATION, batch);
            }
            catch (RuntimeException ex) {
                failed += batch.size();
            }
        }
        summary("batch", size, failed, start);
    }

    private static void summary(String mode, int size, int failed, long start) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        logger.info("Demo burst {}: {} of {} sent in {} ms ({} msg/s), {} failed", mode, size - failed, size, millis,
                (size - failed) * 1000L / millis, failed);
    }

    private static OrderEvent event(int i) {
        return new OrderEvent(id(i), "customer-" + (i % 10), BigDecimal.valueOf(10 + i % 90), "demo", Instant.now());
    }

    private static String id(int i) {
        return "demo-" + i;
    }

}
