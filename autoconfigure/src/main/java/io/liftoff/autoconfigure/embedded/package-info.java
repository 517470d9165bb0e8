/**
 * Development mode: with {@code rocketmq.embedded.enabled=true}, an embedded RocketMQ
 * NameServer and brokers start in-process before the producer, which sends to them, and
 * stop after it closed.
 */
@NullMarked
package io.liftoff.autoconfigure.embedded;

import org.jspecify.annotations.NullMarked;
