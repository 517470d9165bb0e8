/**
 * Transactional messages with the application's {@code PlatformTransactionManager}.
 */
@NullMarked
package io.liftoff.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
