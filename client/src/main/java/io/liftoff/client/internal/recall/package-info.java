/**
 * Recall of timer messages: the broker's recall handle
 * ({@link io.liftoff.client.internal.recall.RecallHandle}) and the request that cancels a
 * message before its delivery time
 * ({@link io.liftoff.client.internal.recall.MessageRecaller}).
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.recall;

import org.jspecify.annotations.NullMarked;
