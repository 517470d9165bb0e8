package io.liftoff.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks the option classes make, each throwing an {@link InvalidOptionException}
 * that names the option and whose message starts with the option's name and says the
 * allowed range and the value given ({@code compressLevel must be within 0-9, was 10}).
 * Configuration layers report it against their own setting (the Spring Boot starter names
 * the property, and drops the option's name from the message).
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /**
     * Checks that a value is present.
     * @param option the option's name
     * @param value the value
     * @param <T> the value's type
     * @return the value
     * @throws InvalidOptionException when it is {@code null}
     */
    static <T> T required(String option, @Nullable T value) {
        if (value == null) {
            throw new InvalidOptionException(option, option + " is required, was null");
        }
        return value;
    }

    /**
     * Checks that a string has text.
     * @param option the option's name
     * @param value the value
     * @return the value
     * @throws InvalidOptionException when it is {@code null} or blank
     */
    static String notBlank(String option, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidOptionException(option,
                    option + " must not be blank, was " + ((value != null) ? "'" + value + "'" : "null"));
        }
        return value;
    }

    /**
     * Checks that a duration is positive.
     * @param option the option's name
     * @param value the value
     * @return the value
     * @throws InvalidOptionException when it is {@code null}, zero or negative
     */
    static Duration positive(String option, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidOptionException(option, option + " must be a positive duration, was " + value);
        }
        return value;
    }

    /**
     * Checks that a duration is zero or more.
     * @param option the option's name
     * @param value the value
     * @return the value
     * @throws InvalidOptionException when it is {@code null} or negative
     */
    static Duration notNegative(String option, @Nullable Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidOptionException(option, option + " must be a duration of zero or more, was " + value);
        }
        return value;
    }

    /**
     * Checks a lower bound.
     * @param option the option's name
     * @param value the value
     * @param minimum the smallest value allowed
     * @return the value
     * @throws InvalidOptionException when it is below the minimum
     */
    static int atLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw new InvalidOptionException(option, option + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    /**
     * Checks a lower bound of a size in bytes.
     * @param option the option's name
     * @param value the value, in bytes
     * @param minimum the smallest value allowed, in bytes
     * @return the value
     * @throws InvalidOptionException when it is below the minimum
     */
    static long atLeastBytes(String option, long value, long minimum) {
        if (value < minimum) {
            throw new InvalidOptionException(option,
                    option + " must be at least " + bytes(minimum) + ", was " + bytes(value));
        }
        return value;
    }

    /**
     * Checks a range.
     * @param option the option's name
     * @param value the value
     * @param minimum the smallest value allowed
     * @param maximum the largest value allowed
     * @return the value
     * @throws InvalidOptionException when it is outside the range
     */
    static int within(String option, int value, int minimum, int maximum) {
        if (value < minimum || value > maximum) {
            throw new InvalidOptionException(option,
                    option + " must be within " + minimum + "-" + maximum + ", was " + value);
        }
        return value;
    }

    private static String bytes(long value) {
        return (value == 1) ? "1 byte" : value + " bytes";
    }

}
