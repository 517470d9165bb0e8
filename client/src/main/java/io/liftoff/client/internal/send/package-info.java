/**
 * The producer's core: the {@link io.liftoff.client.internal.send.DefaultProducer}
 * facade, how a send is prepared ({@code SendPreparer}), carried out and retried
 * ({@code SendOperation}, {@code RetryPolicy}), batched ({@code AsyncBatcher}) or sent
 * oneway ({@code OnewaySender}), and the upkeep between sends.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.send;

import org.jspecify.annotations.NullMarked;
