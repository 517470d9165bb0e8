/**
 * Messages as sent: checking them, encoding their properties and ids, batch records and
 * body compression.
 */
@NullMarked
package io.liftoff.client.internal.message;

import org.jspecify.annotations.NullMarked;
