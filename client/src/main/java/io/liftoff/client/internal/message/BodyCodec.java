package io.liftoff.client.internal.message;

import java.nio.ByteBuffer;

/**
 * One compression algorithm, writing the byte format the official consumer decompresses
 * for its {@code sysFlag} type bits. Implementations are thread-safe.
 */
interface BodyCodec {

    /**
     * @param bodyLength the body's length
     * @return the most bytes {@link #compressInto} writes for a body of this length
     */
    int compressBound(int bodyLength);

    /**
     * Compresses a body into a buffer, from its position on, and moves the position past
     * the bytes written.
     * @param body the body
     * @param out where to write, with at least {@link #compressBound} bytes remaining
     * @return the bytes written, or -1 if compression failed
     */
    int compressInto(byte[] body, ByteBuffer out);

    /**
     * @return the compression type bits of the {@code sysFlag}
     * ({@code SysFlag.COMPRESSION_*})
     */
    int typeBits();

}
