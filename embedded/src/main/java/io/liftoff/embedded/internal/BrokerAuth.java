package io.liftoff.embedded.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import io.liftoff.embedded.EmbeddedAuth;
import org.apache.rocketmq.auth.authentication.enums.UserType;
import org.apache.rocketmq.auth.authentication.manager.AuthenticationMetadataManager;
import org.apache.rocketmq.auth.authentication.model.Subject;
import org.apache.rocketmq.auth.authentication.model.User;
import org.apache.rocketmq.auth.authentication.provider.LocalAuthenticationMetadataProvider;
import org.apache.rocketmq.auth.authorization.enums.Decision;
import org.apache.rocketmq.auth.authorization.enums.PolicyType;
import org.apache.rocketmq.auth.authorization.model.Acl;
import org.apache.rocketmq.auth.authorization.model.Policy;
import org.apache.rocketmq.auth.authorization.model.PolicyEntry;
import org.apache.rocketmq.auth.authorization.model.Resource;
import org.apache.rocketmq.auth.authorization.provider.LocalAuthorizationMetadataProvider;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.action.Action;

/**
 * Turns an {@link EmbeddedAuth} into a broker's {@link AuthConfig} (authentication and
 * authorization on, users and ACLs in RocksDB under the broker's directory), and creates
 * its users and ACLs once the broker runs.
 */
final class BrokerAuth {

    /**
     * RocketMQ caches metadata providers in a JVM-wide map keyed by the config name: each
     * start of each broker needs a name of its own, or a restarted broker would get the
     * provider its previous run closed.
     */
    private static final AtomicLong STARTS = new AtomicLong();

    private BrokerAuth() {
    }

    static AuthConfig config(String clusterName, String brokerName, Path directory, EmbeddedAuth auth) {
        AuthConfig config = new AuthConfig();
        config.setConfigName(clusterName + "-" + brokerName + "-" + STARTS.incrementAndGet());
        config.setClusterName(clusterName);
        config.setAuthConfigPath(directory.resolve("auth").toString());
        config.setAuthenticationEnabled(true);
        config.setAuthenticationMetadataProvider(LocalAuthenticationMetadataProvider.class.getName());
        config.setAuthorizationEnabled(true);
        config.setAuthorizationMetadataProvider(LocalAuthorizationMetadataProvider.class.getName());
        config.setInitAuthenticationUser(
                "{\"username\":\"" + auth.admin() + "\",\"password\":\"" + auth.adminSecret() + "\"}");
        config.setInnerClientAuthenticationCredentials(
                "{\"accessKey\":\"" + auth.admin() + "\",\"secretKey\":\"" + auth.adminSecret() + "\"}");
        return config;
    }

    /**
     * Creates the users and ACLs a running broker does not have yet (all of them on the
     * first start; none after a restart, which keeps its store).
     */
    static void provision(BrokerController broker, EmbeddedAuth auth) {
        AuthenticationMetadataManager users = broker.getAuthenticationMetadataManager();
        createIfMissing(users, User.of(auth.admin(), auth.adminSecret(), UserType.SUPER));
        for (Map.Entry<String, String> user : auth.users().entrySet()) {
            createIfMissing(users, User.of(user.getKey(), user.getValue(), UserType.NORMAL));
        }
        Map<String, List<PolicyEntry>> entries = new LinkedHashMap<>();
        for (EmbeddedAuth.Grant grant : auth.grants()) {
            List<Action> actions = new ArrayList<>();
            for (String action : grant.actions()) {
                actions.add(Action.getByName(action));
            }
            entries.computeIfAbsent(grant.user(), (user) -> new ArrayList<>())
                .add(PolicyEntry.of(Resource.of(grant.resource()), actions, null, Decision.ALLOW));
        }
        for (Map.Entry<String, List<PolicyEntry>> acl : entries.entrySet()) {
            Subject subject = Subject.of("User:" + acl.getKey());
            if (!exists(broker.getAuthorizationMetadataManager().getAcl(subject))) {
                broker.getAuthorizationMetadataManager()
                    .createAcl(Acl.of(subject, Policy.of(PolicyType.CUSTOM, acl.getValue())))
                    .join();
            }
        }
    }

    private static void createIfMissing(AuthenticationMetadataManager users, User user) {
        if (!exists(users.getUser(user.getUsername()))) {
            users.createUser(user).join();
        }
    }

    private static boolean exists(CompletableFuture<?> lookup) {
        try {
            return lookup.join() != null;
        }
        catch (CompletionException ex) {
            return false;
        }
    }

}
