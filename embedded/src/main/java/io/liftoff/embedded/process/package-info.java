/**
 * RocketMQ in child JVMs, one version per class path, for tests that need real processes:
 * crashes, hangs, restarts, and other versions than the in-process 5.5.0.
 * {@link io.liftoff.embedded.process.RocketMQProcesses} starts a NameServer and brokers
 * of a {@link io.liftoff.embedded.process.RocketMQVersion}, and reads back what they
 * stored with that version's official consumer.
 */
@NullMarked
package io.liftoff.embedded.process;

import org.jspecify.annotations.NullMarked;
