package io.liftoff.client.internal.send;

import java.time.Clock;
import java.util.concurrent.Executor;

import io.liftoff.client.ProducerListener;
import io.liftoff.client.SendOptions;
import io.liftoff.client.internal.fault.FaultTable;
import io.liftoff.client.internal.fault.QueueChooser;
import io.liftoff.client.internal.remoting.RequestTransport;
import io.liftoff.client.internal.route.TopicRoutes;
import io.liftoff.client.internal.trace.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * Everything one send needs, handed to it once: where topics are served ({@code routes}),
 * which brokers are healthy ({@code faults}, {@code chooser}, {@code cursors}), how
 * requests are built and written ({@code requests}, {@code transport}), what is retried
 * ({@code retries}), and whom to tell ({@code listener}). Built once per producer; the
 * parts are thread-safe, so any number of sends share one context.
 *
 * @param routes the topics' routes
 * @param faults brokers' latency and isolation
 * @param chooser picks a queue, avoiding isolated brokers and the one that just failed
 * @param cursors each topic's round-robin position
 * @param transport writes requests
 * @param requests builds send requests and reads their answers
 * @param options the send options
 * @param retries which failures are retried
 * @param listener the producer's listener, guarded ({@link ProducerListener#NONE} for
 * none)
 * @param limiter bounds async sends in flight; sends give their permits back here
 * @param completionExecutor where async futures complete; none for the thread that ends
 * the send
 * @param retryTimer runs retries on the same broker after their back-off
 * @param clock gives born timestamps
 * @param state the producer's life cycle: attempts stop once it is closed
 * @param tracer records finished sends as trace records; none when tracing is off
 * @param lateAnswers takes the answers of attempts that had timed out
 */
record SendContext(TopicRoutes routes, FaultTable faults, QueueChooser chooser, TopicCursors cursors,
        RequestTransport transport, SendRequests requests, SendOptions options, RetryPolicy retries,
        ProducerListener listener, InFlightLimiter limiter, @Nullable Executor completionExecutor,
        RetryTimer retryTimer, Clock clock, ProducerState state, @Nullable Tracer tracer, LateAnswers lateAnswers) {

    /**
     * Records a failed attempt where the rule isolates the broker: in the fault table,
     * and in the routes, which refresh the topic's route at once when the broker was
     * unreachable (its master may have moved: controller-mode failover) or soon
     * otherwise.
     * @param wireTopic the topic on the wire
     * @param broker the broker name
     * @param latencyMillis the attempt's latency
     * @param isolation how the rule isolates the broker
     * @param description the failure, for the fault table
     */
    void brokerFailed(String wireTopic, String broker, long latencyMillis, RetryPolicy.Isolation isolation,
            String description) {
        if (isolation == RetryPolicy.Isolation.NONE) {
            return;
        }
        boolean unreachable = isolation == RetryPolicy.Isolation.UNTIL_REACHED;
        this.faults.recordFailure(broker, latencyMillis, unreachable, description);
        if (unreachable) {
            this.routes.brokerUnreachable(wireTopic);
        }
        else {
            this.routes.markDegraded(wireTopic);
        }
    }

    /**
     * @return whether anybody listens: events are built only then
     */
    boolean hasListener() {
        return this.listener != ProducerListener.NONE;
    }

    /**
     * @param tracer the tracer
     * @return this context with a tracer
     */
    SendContext tracedBy(Tracer tracer) {
        return new SendContext(this.routes, this.faults, this.chooser, this.cursors, this.transport, this.requests,
                this.options, this.retries, this.listener, this.limiter, this.completionExecutor, this.retryTimer,
                this.clock, this.state, tracer, this.lateAnswers);
    }

    /**
     * @return this context for the producer's own trace messages: nobody listens, nothing
     * is traced, futures complete on the thread that ends the send
     */
    SendContext forTraceMessages() {
        return new SendContext(this.routes, this.faults, this.chooser, this.cursors, this.transport, this.requests,
                this.options, this.retries, ProducerListener.NONE, this.limiter, null, this.retryTimer, this.clock,
                this.state, null, new LateAnswers(this.faults, this.requests, ProducerListener.NONE));
    }

}
