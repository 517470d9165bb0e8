/**
 * What this build's tests share: {@link io.liftoff.testsupport.NettyLeakCheckExtension}
 * fails a test class by the end of which Netty reported a leak, found by
 * {@link io.liftoff.testsupport.LeakRecordingDetector}.
 */
@NullMarked
package io.liftoff.testsupport;

import org.jspecify.annotations.NullMarked;
