package io.liftoff.client.internal.message;

/**
 * The bits of a send request's {@code sysFlag} that a producer sets, and of a stored
 * message's that it reads (RocketMQ's {@code MessageSysFlag}).
 */
public final class SysFlag {

    /** The body is compressed. */
    public static final int COMPRESSED = 0x1;

    /** A half (prepared) transaction message. */
    public static final int TRANSACTION_PREPARED = 0x4;

    /** Commits a transaction (END_TRANSACTION). */
    public static final int TRANSACTION_COMMIT = 0x8;

    /** Rolls a transaction back (END_TRANSACTION). */
    public static final int TRANSACTION_ROLLBACK = 0xC;

    /** Compression type field value for LZ4 ({@code CompressionType.LZ4}, 1). */
    public static final int COMPRESSION_LZ4 = 0x100;

    /** Compression type field value for Zstandard ({@code CompressionType.ZSTD}, 2). */
    public static final int COMPRESSION_ZSTD = 0x200;

    /**
     * Compression type field value for zlib ({@code CompressionType.ZLIB}, 3); brokers
     * and consumers also read a type of 0 as zlib.
     */
    public static final int COMPRESSION_ZLIB = 0x300;

    /** Mask of the 3-bit compression type field (bits 8 to 10). */
    public static final int COMPRESSION_TYPE_MASK = 0x700;

    /** A stored message's born host is IPv6 (set by the broker). */
    public static final int BORN_HOST_V6 = 0x10;

    /** A stored message's store host is IPv6 (set by the broker). */
    public static final int STORE_HOST_V6 = 0x20;

    private SysFlag() {
    }

}
