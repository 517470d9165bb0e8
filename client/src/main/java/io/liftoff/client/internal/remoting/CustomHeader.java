package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request's or answer's custom header ({@code extFields}) as the frame encoders read
 * it: by index, without iterators, each value a {@code String}, UTF-8 {@code byte[]} text
 * or a number written in decimal, so that the hot path builds no string for a value it
 * already holds in another form. The map view shows every value as a string. Subclasses
 * are immutable: {@link HeaderFields} holds arrays, a request type may read its own
 * fields.
 */
public abstract class CustomHeader extends AbstractMap<String, String> {

    /**
     * @return the number of fields, present or not
     */
    protected abstract int fieldCount();

    /**
     * @param index a field index
     * @return the field's name; absent to skip the field
     */
    protected abstract @Nullable String name(int index);

    /**
     * @param index a field index
     * @return the value as held: a {@code String}, UTF-8 {@code byte[]} or {@code Long};
     * absent to skip
     */
    protected abstract @Nullable Object rawValue(int index);

    /**
     * Tells whether a value is a number, to be written by {@link #number(int)} without
     * boxing.
     * @param index a field index
     * @return whether it is a number
     */
    protected boolean isNumber(int index) {
        return rawValue(index) instanceof Long;
    }

    /**
     * @param index the index of a field for which {@link #isNumber(int)} holds
     * @return its value
     */
    protected long number(int index) {
        return (Long) rawValue(index);
    }

    /**
     * @return the value of a field as a string; absent when the field has none
     */
    final @Nullable String value(int index) {
        return text(rawValue(index));
    }

    /**
     * Returns a value as held, by name.
     * @param name the field name
     * @return a {@code String}, UTF-8 {@code byte[]} or {@code Long}; absent when no
     * field has that name or it has no value
     */
    final @Nullable Object rawValue(String name) {
        int index = indexOf(name);
        return (index >= 0) ? rawValue(index) : null;
    }

    private static @Nullable String text(@Nullable Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[] utf8) {
            return new String(utf8, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    private int indexOf(@Nullable Object name) {
        for (int i = 0, count = fieldCount(); i < count; i++) {
            String candidate = name(i);
            if (candidate != null && candidate.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private boolean present(int index) {
        return name(index) != null && rawValue(index) != null;
    }

    @Override
    public @Nullable String get(@Nullable Object key) {
        int index = indexOf(key);
        return (index >= 0) ? value(index) : null;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        int count = 0;
        for (int i = 0, fields = fieldCount(); i < fields; i++) {
            if (present(i)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    @Override
                    public boolean hasNext() {
                        return this.next < fieldCount();
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int index = this.next;
                        this.next = advance(index + 1);
                        return new SimpleImmutableEntry<>(name(index), value(index));
                    }
                };
            }

            @Override
            public int size() {
                return CustomHeader.this.size();
            }
        };
    }

    private int advance(int from) {
        int index = from;
        while (index < fieldCount() && !present(index)) {
            index++;
        }
        return index;
    }

}
