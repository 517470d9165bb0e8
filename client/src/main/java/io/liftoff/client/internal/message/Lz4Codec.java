package io.liftoff.client.internal.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 frame format that the official client's {@code Lz4Compressor} writes with
 * lz4-java's {@code LZ4FrameOutputStream} defaults (independent blocks of up to 4 MiB, no
 * checksums, the fast compressor; the level is not used), written here straight into the
 * caller's buffer: {@code LZ4FrameOutputStream} would allocate two 4 MiB arrays per body.
 * Loaded only when LZ4 is chosen.
 */
final class Lz4Codec implements BodyCodec {

    private static final int MAGIC = 0x184D2204;

    /** Version 01, independent blocks, no block or content checksum, no content size. */
    private static final byte FLG = 0x60;

    /** Block maximum size 4 MiB (code 7). */
    private static final byte BD = 0x70;

    private static final int BLOCK_SIZE = 4 * 1024 * 1024;

    /** Magic, FLG, BD and the header checksum. */
    private static final int HEADER_LENGTH = 7;

    /** Set in a block's size when the block is stored uncompressed. */
    private static final int UNCOMPRESSED = 0x80000000;

    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();

    private final byte headerChecksum;

    Lz4Codec() {
        byte[] descriptor = { FLG, BD };
        this.headerChecksum = (byte) (XXHashFactory.fastestInstance().hash32().hash(descriptor, 0, 2, 0) >> 8);
    }

    @Override
    public int compressBound(int bodyLength) {
        int blocks = Math.max(1, (bodyLength + BLOCK_SIZE - 1) / BLOCK_SIZE);
        return HEADER_LENGTH + blocks * 4 + this.compressor.maxCompressedLength(bodyLength) + blocks * 16 + 4;
    }

    @Override
    public int compressInto(byte[] body, ByteBuffer out) {
        int start = out.position();
        try {
            ByteBuffer le = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            le.putInt(MAGIC).put(FLG).put(BD).put(this.headerChecksum);
            ByteBuffer src = ByteBuffer.wrap(body);
            for (int offset = 0; offset < body.length; offset += BLOCK_SIZE) {
                int length = Math.min(BLOCK_SIZE, body.length - offset);
                int sizeAt = le.position();
                int dataAt = sizeAt + 4;
                int compressed = this.compressor.compress(src, offset, length, le, dataAt,
                        this.compressor.maxCompressedLength(length));
                if (compressed < length) {
                    le.putInt(sizeAt, compressed);
                    le.position(dataAt + compressed);
                }
                else {
                    // Incompressible: stored as is, as LZ4FrameOutputStream does.
                    le.putInt(sizeAt, length | UNCOMPRESSED);
                    le.position(dataAt);
                    le.put(body, offset, length);
                }
            }
            le.putInt(0);
            out.position(le.position());
            return out.position() - start;
        }
        catch (RuntimeException ex) {
            out.position(start);
            return -1;
        }
    }

    /**
     * Decompresses an LZ4 frame, as the official client's {@code Lz4Compressor} reads it.
     * @param compressed the body as stored
     * @return the body
     * @throws IllegalArgumentException if the bytes are not an LZ4 frame
     */
    static byte[] decompress(byte[] compressed) {
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("Body of " + compressed.length + " bytes is not an LZ4 frame", ex);
        }
    }

    @Override
    public int typeBits() {
        return SysFlag.COMPRESSION_LZ4;
    }

}
