package io.herald.client.internal;

import io.herald.client.EventMetadata;
import io.herald.client.IncomingEvent;
import io.herald.client.SchemaRegistryException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record on its virtual thread: finds the handler of its type (skipping types it has none for), reads the
 * event, calls the handler within a {@link HandlingScope}, retries with the policy's backoff (also reading the event
 * again when the schema registry failed), dead-letters the event when the attempts run out, then marks its offset
 * finished. An interrupt (the subscriber abandoning it at close) leaves the offset unfinished, so the event is
 * delivered again to the next owner of the partition.
 */
public final class EventDelivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);

    private final ConsumerRecord<String, byte[]> record;
    private final PartitionProgress progress;
    private final SubscriberSettings settings;
    private final DeadLetterWriter deadLetters;
    private final FailureLog failures;

    /**
     * @param record the record
     * @param progress its partition's progress
     * @param settings the subscriber's settings
     * @param deadLetters the dead-letter writer
     * @param failures where the last failure is kept for health reports
     */
    public EventDelivery(
            ConsumerRecord<String, byte[]> record,
            PartitionProgress progress,
            SubscriberSettings settings,
            DeadLetterWriter deadLetters,
            FailureLog failures) {
        this.record = record;
        this.progress = progress;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.failures = failures;
    }

    @Override
    public void run() {
        try {
            // The type is read here, not on the delivery loop's one thread, which reading the header names of every
            // record made the subscriber's bottleneck (docs/benchmarks.md, session 14).
            String type = CloudEventRecords.typeOf(record);
            Route<?> route = type == null ? null : settings.routes().get(type);
            if (type != null && route == null) {
                progress.finished(record.offset()); // another service's event type
                return;
            }
            if (route == null) {
                deadLetter(0, notACloudEvent("it has no ce_type header", null));
            } else {
                EventMetadata metadata = null;
                try {
                    metadata = CloudEventHeaders.read(record);
                } catch (RuntimeException e) {
                    deadLetter(0, notACloudEvent(e.getMessage(), e));
                }
                if (metadata != null) {
                    handle(metadata, route);
                }
            }
            progress.finished(record.offset());
        } catch (InterruptedException e) {
            log.info("abandoned event at {} while closing; it will be delivered again", coordinates());
        } catch (RuntimeException | Error e) {
            failures.record(e);
            log.error("event at {} left unfinished: {}", coordinates(), e.toString(), e);
        }
    }

    // the same bytes fail the same way every time: dead-lettered at once, with the reason its headers do not make one
    private IllegalArgumentException notACloudEvent(String reason, Throwable cause) {
        return new IllegalArgumentException(
                "record " + coordinates() + " is not a CloudEvent in binary mode: " + reason, cause);
    }

    @SuppressWarnings("try") // the span and the handling scope are current for the block; nothing names them
    private void handle(EventMetadata metadata, Route<?> route) throws InterruptedException {
        long start = settings.metrics().start();
        Span span = settings.tracing().startProcess(record, metadata, settings.groupId());
        Exception deadLettered;
        // an invalid span (no SDK, no trace context) made current over no valid span changes nothing a handler can
        // read: the attach is skipped
        boolean nothingToTrace =
                span == Span.getInvalid() && !Span.current().getSpanContext().isValid();
        try (Scope traced = nothingToTrace ? Scope.noop() : span.makeCurrent();
                HandlingScope scope = HandlingScope.open(metadata)) {
            deadLettered = handleWithRetries(metadata, route, span);
        } catch (InterruptedException | RuntimeException | Error e) {
            EventTracing.failed(span, e);
            throw e;
        }
        if (deadLettered == null) {
            span.end();
        } else {
            EventTracing.endWithError(span, deadLettered);
        }
        settings.metrics().processed(record.topic(), metadata.type(), settings.groupId(), start, deadLettered);
    }

    // null when the handler succeeded; the last failure when the event was dead-lettered
    private Exception handleWithRetries(EventMetadata metadata, Route<?> route, Span span) throws InterruptedException {
        IncomingEvent<?> event = null;
        try {
            event = decode(metadata, route);
        } catch (SchemaRegistryException e) {
            // the registry may come back: decoding is retried below like a failing handler
            failures.record(e);
            span.recordException(e);
        } catch (RuntimeException e) {
            // the same bytes fail the same way every time: no retry
            failures.record(e);
            span.recordException(e);
            deadLetter(0, e);
            return e;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (event == null) {
                    event = decode(metadata, route);
                }
                route.handle(event);
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failures.record(e);
                span.recordException(e);
                if (attempt >= settings.retryPolicy().maxAttempts()) {
                    log.warn("event {} failed {} times, dead-lettering it: {}", metadata.id(), attempt, e.toString());
                    deadLetter(attempt, e);
                    return e;
                }
                Duration backoff = settings.retryPolicy().backoffAfter(attempt, settings.random());
                log.debug(
                        "event {} failed attempt {}, retrying in {}: {}",
                        metadata.id(),
                        attempt,
                        backoff,
                        e.toString());
                settings.sleeper().sleep(backoff);
            }
        }
    }

    private IncomingEvent<?> decode(EventMetadata metadata, Route<?> route) {
        byte[] data = record.value() == null ? new byte[0] : record.value(); // binary mode: the value is the data
        int version = EventDescriptor.versionOf(metadata.dataSchema());
        Object value = settings.codec().decode(data, version, route.eventClass());
        return new IncomingEvent<>(metadata, value, record.topic(), record.partition(), record.offset());
    }

    // a dead letter that cannot be written is retried with the same backoff until it is, or the subscriber closes:
    // moving on without it would lose the event
    private void deadLetter(int attempts, Throwable failure) throws InterruptedException {
        for (int writeAttempt = 1; ; writeAttempt++) {
            try {
                deadLetters.write(record, attempts, failure);
                return;
            } catch (ExecutionException | RuntimeException e) {
                failures.record(e);
                log.error(
                        "cannot write dead letter of {} to {} (attempt {}): {}",
                        coordinates(),
                        DeadLetterWriter.topicFor(record.topic()),
                        writeAttempt,
                        e.toString());
                settings.sleeper().sleep(settings.retryPolicy().backoffAfter(writeAttempt, settings.random()));
            }
        }
    }

    private String coordinates() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
