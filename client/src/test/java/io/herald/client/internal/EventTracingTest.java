package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.client.EventMetadata;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The no-op shortcuts of {@link EventTracing#startProcess} and {@link EventTracing#startSend}: the span the API's no-op
 * builder gives, without it.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventTracingTest {
    private static final ConsumerRecord<String, byte[]> RECORD =
            new ConsumerRecord<>("orders", 2, 7L, "k", new byte[0]);

    @Test
    void theNoopTracerIsRecognisedAndAnSdkTracerIsNot() {
        assertThat(new EventTracing(OpenTelemetry.noop()).isNoop()).isTrue();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        // a provider without processors hands out the API's no-op tracer itself
                        .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                        .build())
                .build()) {
            assertThat(new EventTracing(sdk).isNoop()).isFalse();
        }
    }

    @Test
    void anEventWithATraceContextGetsItsContextAsTheNoopBuilderGivesIt() {
        EventMetadata traced = metadata("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=x");

        Span span = new EventTracing(OpenTelemetry.noop()).startProcess(RECORD, traced, "group");

        assertThat(span.getSpanContext()).isEqualTo(noopBuilderSpan(traced));
        assertThat(span.getSpanContext().isValid()).isTrue();
        assertThat(span.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void anEventWithoutATraceContextGetsTheInvalidSpan() {
        EventMetadata untraced = metadata(null, "vendor=x");

        Span span = new EventTracing(OpenTelemetry.noop()).startProcess(RECORD, untraced, "group");

        assertThat(span).isSameAs(Span.getInvalid());
        assertThat(span.getSpanContext()).isEqualTo(noopBuilderSpan(untraced));
    }

    @Test
    void aPublishInsideATracedContextGetsThatContextAsTheNoopBuilderGivesIt() {
        EventMetadata traced = metadata("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
        Context parent = EventTracing.contextOf(traced);

        Span span = new EventTracing(OpenTelemetry.noop()).startSend("orders", traced, 10, parent);
        EventTracing.sent(span, 2, 7L);

        assertThat(span.getSpanContext())
                .isEqualTo(TracerProvider.noop()
                        .get("reference")
                        .spanBuilder("send orders")
                        .setParent(parent)
                        .startSpan()
                        .getSpanContext());
        assertThat(span.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void aPublishOutsideAnyTraceGetsTheInvalidSpan() {
        Span span =
                new EventTracing(OpenTelemetry.noop()).startSend("orders", metadata(null, null), 10, Context.root());

        assertThat(span.getSpanContext().isValid()).isFalse();
    }

    // the no-op builders agree (the plain one and, with the incubator on the class path, the extended one)
    private static SpanContext noopBuilderSpan(EventMetadata metadata) {
        SpanContext plain = TracerProvider.noop()
                .get("reference")
                .spanBuilder("process orders")
                .setParent(EventTracing.contextOf(metadata))
                .startSpan()
                .getSpanContext();
        SpanContext fromNoop = OpenTelemetry.noop()
                .getTracer("reference")
                .spanBuilder("process orders")
                .setParent(EventTracing.contextOf(metadata))
                .startSpan()
                .getSpanContext();
        assertThat(fromNoop).isEqualTo(plain);
        return plain;
    }

    private static EventMetadata metadata(String traceparent, String tracestate) {
        return new EventMetadata(
                "id-1",
                URI.create("/orders"),
                "OrderPlaced",
                null,
                null,
                "application/json",
                null,
                "k",
                null,
                null,
                null,
                traceparent,
                tracestate);
    }
}
