package io.herald.broker.handler;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Answers one Kafka API. Called on the connection's virtual thread, one request of a connection at a time; handlers of
 * different connections run concurrently, so a handler's own state must be thread-safe.
 *
 * <p>A handler may block (a long-poll fetch waits for data, an {@code acks=all} produce for the fsync): the connection
 * has its own virtual thread. Errors a client can act on go into the response; an exception thrown here is answered with
 * the request's error response, mapped by {@link KafkaErrors}.
 *
 * @param <R> the request class kafka-clients parses this API into
 */
@FunctionalInterface
public interface RequestHandler<R extends AbstractRequest> {

    /** Returns the response, or null when none is sent (a produce with {@code acks=0}). */
    AbstractResponse handle(RequestContext context, R request);
}
