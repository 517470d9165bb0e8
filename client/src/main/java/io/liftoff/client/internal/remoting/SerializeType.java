package io.liftoff.client.internal.remoting;

import io.liftoff.client.TransportOptions.HeaderFormat;
import org.jspecify.annotations.Nullable;

/** The header serialization named by the top byte of a frame's second word. */
enum SerializeType {

    JSON(0), ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    int code() {
        return this.code;
    }

    static SerializeType of(HeaderFormat format) {
        return (format == HeaderFormat.ROCKETMQ) ? ROCKETMQ : JSON;
    }

    /**
     * @return the type; absent when the code is unknown
     */
    static @Nullable SerializeType ofCode(int code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> null;
        };
    }

}
