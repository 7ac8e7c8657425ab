package io.herald.client.internal;

import io.herald.client.EventMetadata;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * OpenTelemetry spans for publishing and handling, following the messaging semantic conventions: a PRODUCER span
 * {@code send <topic>} per publish, a CONSUMER span {@code process <topic>} per handled event whose parent is the
 * publish span, carried in the event's {@code traceparent}/{@code tracestate} extensions (W3C trace context). With no
 * OpenTelemetry SDK installed, spans are no-ops and events keep the trace context of the event being handled.
 * Thread-safe.
 */
public final class EventTracing {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<String> KAFKA_KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<Long> KAFKA_OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<String> CLOUDEVENTS_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private static final TextMapSetter<Map<String, String>> SETTER = Map::put;
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        // deprecated in the API but still abstract: every getter must implement it
        @Override
        @SuppressWarnings("deprecation")
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    // the API's no-op tracer: its spans only carry their parent's context, so a handling span needs no builder
    private final boolean noop;

    /** @param openTelemetry where spans go */
    public EventTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.herald.client");
        // the API's own no-op, or its extended one when the incubator module is on the class path
        Class<?> type = tracer.getClass();
        this.noop = type == TracerProvider.noop().get("io.herald.client").getClass()
                || type == OpenTelemetry.noop().getTracer("io.herald.client").getClass();
    }

    /** Whether spans go to the API's no-op tracer (no OpenTelemetry SDK installed). */
    boolean isNoop() {
        return noop;
    }

    /** Starts the publish span of {@code metadata} as a child of the current context. */
    public Span startSend(String topic, EventMetadata metadata, int sizeBytes) {
        return startSend(topic, metadata, sizeBytes, Context.current());
    }

    /** Starts the publish span of {@code metadata} as a child of {@code parent}. */
    public Span startSend(String topic, EventMetadata metadata, int sizeBytes, Context parent) {
        if (noop) {
            // what the no-op builder gives, without its span name and attributes (a publish's hot path)
            return Span.wrap(Span.fromContext(parent).getSpanContext());
        }
        return tracer.spanBuilder("send " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION_NAME, "send")
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(MESSAGE_ID, metadata.id())
                .setAttribute(CLOUDEVENTS_TYPE, metadata.type())
                .setAttribute(BODY_SIZE, (long) sizeBytes)
                .setAttribute(KAFKA_KEY, metadata.partitionKey())
                .startSpan();
    }

    /**
     * {@code metadata} carrying {@code span}'s trace context; unchanged when the span is a no-op (no SDK), so the
     * handled event's context, if any, goes on.
     */
    public EventMetadata withTraceContextOf(EventMetadata metadata, Span span) {
        return withSpanContext(metadata, span);
    }

    /**
     * {@code metadata} carrying the trace context of {@code context}'s span, when it has a valid one (an outbox row
     * written inside a traced request keeps that request as the parent of its publish span).
     */
    public static EventMetadata withTraceContextOf(EventMetadata metadata, Context context) {
        return withSpanContext(metadata, Span.fromContext(context));
    }

    /** The context named by {@code metadata}'s {@code traceparent} and {@code tracestate}, or the root context. */
    public static Context contextOf(EventMetadata metadata) {
        Map<String, String> carrier = new HashMap<>();
        if (metadata.traceparent() != null) {
            carrier.put(EventMetadata.TRACEPARENT, metadata.traceparent());
        }
        if (metadata.tracestate() != null) {
            carrier.put(EventMetadata.TRACESTATE, metadata.tracestate());
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    }

    private static EventMetadata withSpanContext(EventMetadata metadata, Span span) {
        if (!span.getSpanContext().isValid()) {
            return metadata;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, SETTER);
        return metadata.withTraceContext(carrier.get(EventMetadata.TRACEPARENT), carrier.get(EventMetadata.TRACESTATE));
    }

    /** Ends a publish span with where the event was written. */
    public static void sent(Span span, int partition, long offset) {
        if (!span.isRecording()) {
            span.end();
            return;
        }
        span.setAttribute(PARTITION, Integer.toString(partition));
        span.setAttribute(KAFKA_OFFSET, offset);
        span.end();
    }

    /** Ends a span with its failure, recorded as an exception event. */
    public static void failed(Span span, Throwable failure) {
        span.recordException(failure);
        endWithError(span, failure);
    }

    /** Ends a span whose failure was recorded already (each handler attempt records its own). */
    public static void endWithError(Span span, Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.toString() : failure.getMessage());
        span.end();
    }

    /**
     * Starts the handling span of an event, a child of the publish span its trace context names. With the no-op tracer
     * (no OpenTelemetry SDK) that is the span the no-op builder would give, the event's trace context or the invalid
     * span, without the builder, the attributes and, for an event with no trace context, the context extraction.
     */
    public Span startProcess(ConsumerRecord<String, byte[]> record, EventMetadata metadata, String groupId) {
        if (noop) {
            return metadata.traceparent() == null
                    ? Span.getInvalid()
                    : Span.wrap(Span.fromContext(contextOf(metadata)).getSpanContext());
        }
        return tracer.spanBuilder("process " + record.topic())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(contextOf(metadata))
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(MESSAGE_ID, metadata.id())
                .setAttribute(CLOUDEVENTS_TYPE, metadata.type())
                .setAttribute(CONSUMER_GROUP, groupId)
                .setAttribute(PARTITION, Integer.toString(record.partition()))
                .setAttribute(KAFKA_OFFSET, record.offset())
                .setAttribute(KAFKA_KEY, record.key())
                .startSpan();
    }
}
