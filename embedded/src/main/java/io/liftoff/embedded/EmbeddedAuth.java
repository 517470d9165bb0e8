package io.liftoff.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authentication and authorization for an {@link EmbeddedRocketMQ} (RocketMQ's ACL 2.0):
 * every broker checks each request's signature against its users and each user's actions
 * against its ACLs. There is one admin user (a RocketMQ {@code SUPER} user, which no ACL
 * restricts, and which the brokers also use as clients), normal users with secrets, and
 * ACLs that allow a user actions on resources. A normal user without an ACL is refused
 * everything. The NameServer does not authenticate (RocketMQ 5.5.0).
 *
 * <pre class="code">
 * EmbeddedAuth auth = EmbeddedAuth.builder()
 *     .user("orders-app", "orders-secret")
 *     .allow("orders-app", "Topic:orders", "PUB")
 *     .allow("orders-app", "Topic:audit*", "PUB", "SUB")
 *     .build();
 * EmbeddedRocketMQ rocketmq = EmbeddedRocketMQ.builder().auth(auth).start();
 * </pre>
 *
 * Immutable.
 */
public final class EmbeddedAuth {

    /** Default admin user: {@code liftoff-admin}. */
    public static final String DEFAULT_ADMIN = "liftoff-admin";

    /** Default admin secret: {@code liftoff-admin-secret}. */
    public static final String DEFAULT_ADMIN_SECRET = "liftoff-admin-secret";

    /** The actions an ACL may allow (RocketMQ's {@code Action} names). */
    public static final Set<String> ACTIONS = Set.of("PUB", "SUB", "CREATE", "UPDATE", "DELETE", "GET", "LIST", "ALL",
            "ANY");

    private final String admin;

    private final String adminSecret;

    private final Map<String, String> users;

    private final List<Grant> grants;

    private EmbeddedAuth(Builder builder) {
        this.admin = builder.admin;
        this.adminSecret = builder.adminSecret;
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(builder.users));
        this.grants = List.copyOf(builder.grants);
    }

    /**
     * Returns a builder with the default admin and no other user.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the admin user's name (its access key)
     */
    public String admin() {
        return this.admin;
    }

    /**
     * @return the admin user's secret key
     */
    public String adminSecret() {
        return this.adminSecret;
    }

    /**
     * @return the normal users, name to secret key, in the order they were added
     */
    public Map<String, String> users() {
        return this.users;
    }

    /**
     * Returns a normal user's secret key.
     * @param user the user's name
     * @return the secret key
     * @throws IllegalArgumentException when there is no such user
     */
    public String secretOf(String user) {
        String secret = this.users.get(user);
        if (secret == null) {
            throw new IllegalArgumentException("No user '" + user + "' in " + this);
        }
        return secret;
    }

    /**
     * @return the ACLs, in the order they were added
     */
    public List<Grant> grants() {
        return this.grants;
    }

    @Override
    public String toString() {
        return "EmbeddedAuth[admin=" + this.admin + ", users=" + this.users.keySet() + ", grants=" + this.grants + "]";
    }

    /**
     * One ACL: a user may do these actions on a resource.
     *
     * @param user the user's name
     * @param resource the resource as RocketMQ names it: {@code Topic:orders},
     * {@code Topic:orders*} (a prefix), {@code Topic:*}, {@code Group:readers}
     * @param actions the actions allowed, such as {@code PUB} and {@code SUB}
     */
    public record Grant(String user, String resource, List<String> actions) {

        /**
         * Copies the actions.
         * @param user the user's name
         * @param resource the resource as RocketMQ names it: {@code Topic:orders},
         * {@code Topic:orders*} (a prefix), {@code Topic:*}, {@code Group:readers}
         * @param actions the actions allowed, such as {@code PUB} and {@code SUB}
         */
        public Grant {
            actions = List.copyOf(actions);
        }

    }

    /**
     * Configures an {@link EmbeddedAuth}; checks each value as it is set. Not
     * thread-safe.
     */
    public static final class Builder {

        private String admin = DEFAULT_ADMIN;

        private String adminSecret = DEFAULT_ADMIN_SECRET;

        private final Map<String, String> users = new LinkedHashMap<>();

        private final List<Grant> grants = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the admin user (default {@link #DEFAULT_ADMIN} with
         * {@link #DEFAULT_ADMIN_SECRET}).
         * @param name the name, not blank
         * @param secret the secret key, not blank
         * @return this builder
         * @throws IllegalArgumentException when either is blank or a normal user has the
         * name
         */
        public Builder admin(String name, String secret) {
            this.admin = text("admin name", name);
            this.adminSecret = text("admin secret", secret);
            if (this.users.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is already a normal user");
            }
            return this;
        }

        /**
         * Adds a normal user.
         * @param name the name (its access key), not blank
         * @param secret the secret key, not blank
         * @return this builder
         * @throws IllegalArgumentException when either is blank or the user exists
         */
        public Builder user(String name, String secret) {
            text("user name", name);
            text("secret of user '" + name + "'", secret);
            if (name.equals(this.admin) || this.users.putIfAbsent(name, secret) != null) {
                throw new IllegalArgumentException("User '" + name + "' was already added");
            }
            return this;
        }

        /**
         * Allows a normal user actions on a resource.
         * @param user a user added by {@link #user}
         * @param resource {@code Topic:name}, {@code Topic:prefix*}, {@code Topic:*},
         * {@code Group:name}, ...
         * @param actions one or more of {@link EmbeddedAuth#ACTIONS}
         * @return this builder
         * @throws IllegalArgumentException when the user is unknown, the resource has no
         * type or an action is unknown
         */
        public Builder allow(String user, String resource, String... actions) {
            if (!this.users.containsKey(user)) {
                throw new IllegalArgumentException("allow(): no user '" + user + "'; add it with user() first");
            }
            int colon = text("resource", resource).indexOf(':');
            if (colon <= 0 || colon == resource.length() - 1) {
                throw new IllegalArgumentException(
                        "Resource '" + resource + "' must be type:name, such as Topic:orders or Topic:orders*");
            }
            if (actions == null || actions.length == 0) {
                throw new IllegalArgumentException("allow('" + user + "', '" + resource + "') needs an action");
            }
            for (String action : actions) {
                if (!ACTIONS.contains(action)) {
                    throw new IllegalArgumentException("Unknown action '" + action + "': use " + ACTIONS);
                }
            }
            this.grants.add(new Grant(user, resource, List.of(actions)));
            return this;
        }

        /**
         * Builds the settings.
         * @return the settings
         */
        public EmbeddedAuth build() {
            return new EmbeddedAuth(this);
        }

        private static String text(String what, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }

    }

}
