/**
 * Messages as sent: checking them, encoding their properties and ids, batch records and
 * body compression.
 * <p>
 * Internal: not part of Liftoff's API, whatever the Java visibility. Any release may
 * change it (see docs/compatibility-policy.md).
 */
@NullMarked
package io.liftoff.client.internal.message;

import org.jspecify.annotations.NullMarked;
