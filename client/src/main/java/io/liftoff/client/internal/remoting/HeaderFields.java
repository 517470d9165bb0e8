package io.liftoff.client.internal.remoting;

import org.jspecify.annotations.Nullable;

/**
 * A small immutable custom header backed by two arrays: far fewer allocations than a hash
 * map. A value is a {@code String}, a {@code byte[]} of UTF-8 text or a {@code Long}
 * written in decimal (see {@link CustomHeader}).
 */
public final class HeaderFields extends CustomHeader {

    private final @Nullable String[] names;

    private final @Nullable Object[] values;

    /**
     * Creates the header. The arrays are not copied: callers hand them over.
     * @param names field names, without duplicates; an absent name skips its field
     * @param values field values, same length: {@code String}, UTF-8 {@code byte[]} or
     * {@code Long}; absent values are skipped on the wire
     * @throws IllegalArgumentException if the lengths differ or a value has another type
     */
    public HeaderFields(@Nullable String[] names, @Nullable Object[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException("names and values differ in length");
        }
        for (Object value : values) {
            if (value != null && !(value instanceof String) && !(value instanceof byte[]) && !(value instanceof Long)) {
                throw new IllegalArgumentException(
                        "Header value of type " + value.getClass().getName() + " is not a String, byte[] or Long");
            }
        }
        this.names = names;
        this.values = values;
    }

    @Override
    protected int fieldCount() {
        return this.names.length;
    }

    @Override
    protected @Nullable String name(int index) {
        return this.names[index];
    }

    @Override
    protected @Nullable Object rawValue(int index) {
        return this.values[index];
    }

}
