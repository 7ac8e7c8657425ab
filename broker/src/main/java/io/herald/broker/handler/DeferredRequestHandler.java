package io.herald.broker.handler;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Answers one Kafka API whose response waits for something that should not hold up the connection's next request: a
 * produce with {@code acks=all} waits for the fsync, and while it waits the connection reads and appends the
 * producer's next in-flight batches, so one group-committed fsync covers them all. The work that must happen in
 * request order (the append) happens in {@link #handle}; only the answer is deferred. Responses still leave in request
 * order.
 *
 * @param <R> the request class kafka-clients parses this API into
 */
@FunctionalInterface
public interface DeferredRequestHandler<R extends AbstractRequest> {

    /** Returns the response to come; it completes with null when none is sent (a produce with {@code acks=0}). */
    CompletableFuture<AbstractResponse> handle(RequestContext context, R request);
}
