package io.herald.client.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenTelemetry metrics of publishing and handling, named as the messaging semantic conventions name them: for each
 * publish, {@code messaging.client.operation.duration} (from the call to the broker's acknowledgement) and {@code
 * messaging.client.sent.messages}; for each handled event, {@code messaging.process.duration} (from the first attempt
 * to the handler's success or the dead letter, retries included) and {@code messaging.client.consumed.messages}.
 * Attributes: {@code messaging.system} ({@code kafka}), {@code messaging.operation.name} ({@code send}, {@code
 * process}), {@code messaging.destination.name}, {@code messaging.consumer.group.name} (handling), {@code
 * cloudevents.event_type}, and {@code error.type} (the failure's class) when a publish failed or an event was
 * dead-lettered. With the API's no-op meter (no OpenTelemetry SDK installed) nothing is measured. Thread-safe.
 */
public final class EventMetrics {
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The semantic conventions' advice for messaging durations, in seconds. */
    private static final List<Double> DURATION_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

    private final boolean noop;
    private final DoubleHistogram operationDuration;
    private final LongCounter sentMessages;
    private final DoubleHistogram processDuration;
    private final LongCounter consumedMessages;
    // few distinct sets (topics x event types x failure classes): built once each
    private final ConcurrentHashMap<Key, Attributes> attributes = new ConcurrentHashMap<>();

    private record Key(String operation, String topic, String eventType, String group, String errorType) {}

    /** @param openTelemetry where the measurements go */
    public EventMetrics(OpenTelemetry openTelemetry) {
        Meter meter = openTelemetry.getMeter("io.herald.client");
        Class<?> type = meter.getClass();
        this.noop = type == MeterProvider.noop().get("io.herald.client").getClass()
                || type == OpenTelemetry.noop().getMeter("io.herald.client").getClass();
        this.operationDuration =
                duration(meter, "messaging.client.operation.duration", "Duration of a publish, to the broker's ack");
        this.sentMessages = count(meter, "messaging.client.sent.messages", "Events published");
        this.processDuration = duration(
                meter,
                "messaging.process.duration",
                "Duration of handling an event, retries included, until handled or dead-lettered");
        this.consumedMessages = count(meter, "messaging.client.consumed.messages", "Events handed to handlers");
    }

    private static DoubleHistogram duration(Meter meter, String name, String description) {
        return meter.histogramBuilder(name)
                .setUnit("s")
                .setDescription(description)
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
    }

    private static LongCounter count(Meter meter, String name, String description) {
        return meter.counterBuilder(name)
                .setUnit("{message}")
                .setDescription(description)
                .build();
    }

    /** When an operation starts, for {@link #sent} and {@link #processed}; 0 when nothing is measured. */
    public long start() {
        return noop ? 0 : System.nanoTime();
    }

    /** Records a publish of an event of {@code eventType} to {@code topic} started at {@code start}. */
    public void sent(String topic, String eventType, long start, Throwable failure) {
        if (noop) {
            return;
        }
        Attributes measured = attributes("send", topic, eventType, null, failure);
        operationDuration.record(secondsSince(start), measured);
        sentMessages.add(1, measured);
    }

    /** Records the handling of an event started at {@code start}; {@code deadLettered} is its last failure, or null. */
    public void processed(String topic, String eventType, String group, long start, Throwable deadLettered) {
        if (noop) {
            return;
        }
        Attributes measured = attributes("process", topic, eventType, group, deadLettered);
        processDuration.record(secondsSince(start), measured);
        consumedMessages.add(1, measured);
    }

    private Attributes attributes(String operation, String topic, String eventType, String group, Throwable failure) {
        Key key = new Key(
                operation,
                topic,
                eventType,
                group,
                failure == null ? null : failure.getClass().getName());
        return attributes.computeIfAbsent(key, EventMetrics::build);
    }

    private static Attributes build(Key key) {
        AttributesBuilder builder = Attributes.builder()
                .put(EventTracing.SYSTEM, "kafka")
                .put(EventTracing.OPERATION_NAME, key.operation())
                .put(EventTracing.DESTINATION, key.topic())
                .put(EventTracing.CLOUDEVENTS_TYPE, key.eventType());
        if (key.group() != null) {
            builder.put(EventTracing.CONSUMER_GROUP, key.group());
        }
        if (key.errorType() != null) {
            builder.put(ERROR_TYPE, key.errorType());
        }
        return builder.build();
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
