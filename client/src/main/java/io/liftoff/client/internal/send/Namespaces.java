package io.liftoff.client.internal.send;

import io.liftoff.client.internal.message.SystemTopics;
import org.jspecify.annotations.Nullable;

/**
 * The one place where namespaces are applied and taken off: {@code namespace%name} on the
 * wire, the plain name in results, events and snapshots. System names are left alone
 * ({@link SystemTopics#isOutsideNamespaces(String)}).
 */
final class Namespaces {

    private static final char SEPARATOR = '%';

    private Namespaces() {
    }

    /**
     * Applies a namespace to a topic or group name.
     * @param namespace the namespace, if any
     * @param name the name as the application gives it
     * @return the name on the wire
     */
    static String wrap(@Nullable String namespace, String name) {
        if (namespace == null || hasPrefix(namespace, name) || SystemTopics.isOutsideNamespaces(name)) {
            return name;
        }
        return namespace + SEPARATOR + name;
    }

    /**
     * Takes a namespace off a name from the wire.
     * @param namespace the namespace, if any
     * @param wireName the name on the wire
     * @return the name as the application knows it
     */
    static String unwrap(@Nullable String namespace, String wireName) {
        return (namespace != null && hasPrefix(namespace, wireName)) ? wireName.substring(namespace.length() + 1)
                : wireName;
    }

    private static boolean hasPrefix(String namespace, String name) {
        return name.length() > namespace.length() && name.charAt(namespace.length()) == SEPARATOR
                && name.startsWith(namespace);
    }

}
