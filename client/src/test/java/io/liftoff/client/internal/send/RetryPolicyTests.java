package io.liftoff.client.internal.send;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.liftoff.client.AuthenticationException;
import io.liftoff.client.AuthorizationException;
import io.liftoff.client.BackpressureException;
import io.liftoff.client.ConnectFailedException;
import io.liftoff.client.ConnectionClosedException;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.InvalidMessageException;
import io.liftoff.client.ProducerClosedException;
import io.liftoff.client.RequestTimeoutException;
import io.liftoff.client.ResponseCodes;
import io.liftoff.client.RouteNotFoundException;
import io.liftoff.client.SendOptions;
import io.liftoff.client.SendStatus;
import io.liftoff.client.internal.send.RetryPolicy.Failure;
import io.liftoff.client.internal.send.RetryPolicy.Isolation;
import io.liftoff.client.internal.send.RetryPolicy.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every row of the retry table in {@code docs/reliability.md} and checks it against
 * {@link RetryPolicy}: the table users read and the rules the send path follows cannot
 * drift apart.
 */
class RetryPolicyTests {

    private static final Path RELIABILITY = Path.of("..", "docs", "reliability.md");

    private final RetryPolicy policy = new RetryPolicy(SendOptions.defaults());

    /** The failures each row of the table speaks of, as errors the send path sees. */
    private final Map<String, List<Throwable>> examples = Map.of("connect failure, connection closed",
            List.of(new ConnectFailedException("broker-a:10911", new java.net.ConnectException("refused")),
                    new ConnectionClosedException("broker-a:10911", "closed", null)),
            "timeout", List.of(new RequestTimeoutException("broker-a:10911", 310, 1000)),
            "broker code in `retryResponseCodes` (SYSTEM_BUSY, flow control, ...)",
            List.of(refusal(ResponseCodes.SYSTEM_BUSY), refusal(ResponseCodes.SYSTEM_ERROR),
                    refusal(ResponseCodes.SERVICE_NOT_AVAILABLE), refusal(ResponseCodes.TOPIC_NOT_EXIST),
                    refusal(ResponseCodes.NO_PERMISSION)),
            "other broker codes (e.g. MESSAGE_ILLEGAL 13)",
            List.of(refusal(ResponseCodes.MESSAGE_ILLEGAL), refusal(29)),
            "access refused (NO_PERMISSION 16 from a broker with authentication on)",
            List.of(new AuthenticationException("broker-a:10911", "app", "Topic:orders", "PUB",
                    "check signature failed."),
                    new AuthorizationException("broker-a:10911", "app", "Topic:orders", "PUB",
                            "User:app has no permission to access Topic:orders from 127.0.0.1, no matched policies.")),
            "invalid message, no route, backpressure, producer closed",
            List.of(new InvalidMessageException("bad"), new RouteNotFoundException("t", "no route", null),
                    new BackpressureException("full"), new ProducerClosedException("closed")));

    /** Rows whose failure the send path names itself, not from an error. */
    private final Map<String, Failure> named = Map.of("no master address in the route", Failure.NO_MASTER_ADDRESS,
            "unreadable answer", Failure.MALFORMED_RESPONSE);

    @Test
    void everyRowOfTheDocumentedRetryTableIsWhatThePolicyDoes() throws IOException {
        List<String[]> rows = documentedRows();
        assertThat(rows).as("rows of the retry table in %s", RELIABILITY).hasSize(9);
        Set<Failure> covered = EnumSet.noneOf(Failure.class);
        for (String[] row : rows) {
            String label = row[0];
            if (label.startsWith("stored without SEND_OK")) {
                checkStoredWithoutSendOk(row);
                continue;
            }
            List<Failure> failures = new ArrayList<>();
            if (this.named.containsKey(label)) {
                failures.add(this.named.get(label));
            }
            else {
                assertThat(this.examples).as("row '%s' of the retry table has examples in this test", label)
                    .containsKey(label);
                this.examples.get(label).forEach((error) -> failures.add(this.policy.classify(error)));
            }
            for (Failure failure : failures) {
                covered.add(failure);
                checkRow(row, this.policy.rule(failure));
            }
        }
        assertThat(covered).as("every rule of the policy has a row in %s", RELIABILITY)
            .containsExactlyInAnyOrder(Failure.values());
    }

    private void checkRow(String[] row, Rule rule) {
        String label = row[0];
        assertThat(rule.retried()).as("'%s' retried: %s", label, row[1]).isEqualTo(row[1].startsWith("yes"));
        assertThat(rule.failsAsIs()).as("'%s' fails as is: %s", label, row[1]).isEqualTo(row[1].startsWith("no: `"));
        Isolation isolation = row[2].equals("no") ? Isolation.NONE
                : row[2].contains("until it answers") ? Isolation.UNTIL_REACHED : Isolation.FOR_ISOLATION_TIME;
        assertThat(rule.isolation()).as("'%s' isolation: %s", label, row[2]).isEqualTo(isolation);
        boolean retriedAlone = row[3].startsWith("retried");
        assertThat(rule.retried() && rule.retriedOnSoleBroker()).as("'%s' on a sole broker: %s", label, row[3])
            .isEqualTo(retriedAlone);
        assertThat(rule.backoff() || !retriedAlone).as("'%s' backs off: %s", label, row[3])
            .isEqualTo(row[3].contains("back-off") || !retriedAlone);
    }

    private void checkStoredWithoutSendOk(String[] row) {
        assertThat(row[1]).contains("retryAnotherBrokerWhenNotStoreOk");
        RetryPolicy resending = new RetryPolicy(SendOptions.builder().retryAnotherBrokerWhenNotStoreOk(true).build());
        for (SendStatus status : List.of(SendStatus.FLUSH_DISK_TIMEOUT, SendStatus.FLUSH_SLAVE_TIMEOUT,
                SendStatus.SLAVE_NOT_AVAILABLE)) {
            assertThat(this.policy.resendWhenStored(status)).as("%s by default", status).isFalse();
            assertThat(resending.resendWhenStored(status)).as("%s with the option", status).isTrue();
        }
        assertThat(resending.resendWhenStored(SendStatus.SEND_OK)).isFalse();
        assertThat(row[2]).isEqualTo("no");
        assertThat(row[3]).as("SendOperation resends to another broker only").startsWith("returned as stored");
    }

    @Test
    void accessRefusalsAreNeverRetriedEvenThoughNoPermissionIsARetryCode() {
        assertThat(this.policy.classify(refusal(ResponseCodes.NO_PERMISSION))).isEqualTo(Failure.RETRYABLE_CODE);
        assertThat(
                this.policy.classify(new AuthorizationException("broker-a:10911", "app", "Topic:orders", "PUB", null)))
            .isEqualTo(Failure.ACCESS_DENIED);
        assertThat(this.policy.rule(Failure.ACCESS_DENIED).retried()).isFalse();
        assertThat(this.policy.rule(Failure.ACCESS_DENIED).failsAsIs()).isTrue();
    }

    @Test
    void backOffDoublesFromFiftyMillisecondsUpToOneSecond() {
        assertThat(this.policy.backoffNanos(1)).isEqualTo(RetryPolicy.FIRST_BACKOFF_NANOS);
        assertThat(this.policy.backoffNanos(2)).isEqualTo(2 * RetryPolicy.FIRST_BACKOFF_NANOS);
        assertThat(this.policy.backoffNanos(3)).isEqualTo(4 * RetryPolicy.FIRST_BACKOFF_NANOS);
        assertThat(this.policy.backoffNanos(50)).isEqualTo(RetryPolicy.MAX_BACKOFF_NANOS);
    }

    @Test
    void retryResponseCodesDecideWhichRefusalsAreRetried() {
        RetryPolicy onlyBusy = new RetryPolicy(
                SendOptions.builder().retryResponseCodes(Set.of(ResponseCodes.SYSTEM_BUSY)).build());
        assertThat(onlyBusy.classify(refusal(ResponseCodes.SYSTEM_BUSY))).isEqualTo(Failure.RETRYABLE_CODE);
        assertThat(onlyBusy.classify(refusal(ResponseCodes.SYSTEM_ERROR))).isEqualTo(Failure.OTHER_CODE);
    }

    private static ErrorResponseException refusal(int code) {
        return new ErrorResponseException("broker-a:10911", 310, code, "refused");
    }

    private static List<String[]> documentedRows() throws IOException {
        List<String> lines = Files.readAllLines(RELIABILITY);
        int header = lines.indexOf("| failure | retried | broker isolated | when it is the topic's only broker |");
        assertThat(header).as("the retry table in %s", RELIABILITY).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).substring(1, lines.get(i).length() - 1).split("\\|");
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].strip();
            }
            rows.add(cells);
        }
        return rows;
    }

}
