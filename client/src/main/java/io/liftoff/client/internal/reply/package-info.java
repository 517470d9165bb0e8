/**
 * Request-reply: the table of requests waiting for their reply
 * ({@link io.liftoff.client.internal.reply.PendingReplies}), the handler of replies the
 * broker pushes ({@link io.liftoff.client.internal.reply.ReplyReceiver}) and what a
 * request does, in order ({@link io.liftoff.client.internal.reply.RequestReplies}).
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.reply;

import org.jspecify.annotations.NullMarked;
