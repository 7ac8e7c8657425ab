package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record OrderPlaced(@Key String orderId) {}

    record PaymentTaken(@Key String orderId) {}

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();

    @AfterEach
    void closeSdk() {
        openTelemetry.close();
    }

    private SpanData span(String name, SpanKind kind, String messageId) {
        return exporter.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name) && span.getKind() == kind)
                .filter(span ->
                        messageId.equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " span " + name + " of " + messageId + " in "
                        + exporter.getFinishedSpanItems()));
    }

    @Test
    void handleSpansAreChildrenOfPublishSpansAcrossTwoHops() throws Exception {
        herald.herald().createTopic("traced", 2);
        Map<String, IncomingEvent<?>> seen = new ConcurrentHashMap<>();
        try (EventPublisher publisher = EventPublisher.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .source("/orders")
                        .defaultTopic("traced")
                        .openTelemetry(openTelemetry)
                        .build();
                EventSubscriber payments = EventSubscriber.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .groupId("payments")
                        .topics("traced")
                        .openTelemetry(openTelemetry)
                        .on(OrderPlaced.class, event -> {
                            seen.put("placed", event);
                            publisher
                                    .publish(new PaymentTaken(event.data().orderId()))
                                    .get();
                        })
                        .on(PaymentTaken.class, event -> seen.put("paid", event))
                        .start()) {
            PublishResult placed = publisher.publish(new OrderPlaced("o-1")).get();
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
            String paidId = seen.get("paid").id();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> exporter.getFinishedSpanItems().size() == 4);

            SpanData sendPlaced = span("send traced", SpanKind.PRODUCER, placed.eventId());
            SpanData processPlaced = span("process traced", SpanKind.CONSUMER, placed.eventId());
            SpanData sendPaid = span("send traced", SpanKind.PRODUCER, paidId);
            SpanData processPaid = span("process traced", SpanKind.CONSUMER, paidId);

            assertThat(sendPlaced.getParentSpanContext().isValid()).isFalse();
            assertThat(processPlaced.getParentSpanId()).isEqualTo(sendPlaced.getSpanId());
            assertThat(sendPaid.getParentSpanId()).isEqualTo(processPlaced.getSpanId());
            assertThat(processPaid.getParentSpanId()).isEqualTo(sendPaid.getSpanId());
            assertThat(List.of(processPlaced, sendPaid, processPaid))
                    .allMatch(span -> span.getTraceId().equals(sendPlaced.getTraceId()));

            assertThat(seen.get("placed").metadata().traceparent())
                    .startsWith("00-" + sendPlaced.getTraceId() + "-" + sendPlaced.getSpanId() + "-");
            assertThat(sendPlaced.getAttributes().get(AttributeKey.stringKey("messaging.system")))
                    .isEqualTo("kafka");
            assertThat(sendPlaced.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo("traced");
            assertThat(sendPlaced.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset")))
                    .isEqualTo(placed.offset());
            assertThat(processPlaced.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")))
                    .isEqualTo("payments");
            assertThat(processPlaced.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")))
                    .isEqualTo("process");
        }
    }

    @Test
    void anOutboxEventIsPublishedAsAChildOfTheSpanThatAddedIt() throws Exception {
        herald.herald().createTopic("traced-outbox", 1);
        var dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:traced-outbox;DB_CLOSE_DELAY=-1");
        JdbcOutbox outbox = new JdbcOutbox(
                dataSource, "herald_outbox", "/checkout", EventCodec.json(), java.time.Clock.systemUTC());
        outbox.createTableIfMissing();
        var checkout =
                openTelemetry.getTracer("test").spanBuilder("POST /checkout").startSpan();
        String eventId;
        try (var scope = checkout.makeCurrent();
                var connection = dataSource.getConnection()) {
            eventId = outbox.add(connection, "traced-outbox", new OrderPlaced("o-3"));
        } finally {
            checkout.end();
        }
        try (OutboxRelay relay =
                new OutboxRelay(outbox, Map.of("bootstrap.servers", herald.bootstrapServers()), 10, openTelemetry)) {
            assertThat(relay.relayOnce()).isEqualTo(1);
        }

        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("outbox-reader")
                .topics("traced-outbox")
                .openTelemetry(openTelemetry)
                .on(OrderPlaced.class, event -> {})
                .start()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> exporter.getFinishedSpanItems().stream()
                            .anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
        }

        SpanData send = span("send traced-outbox", SpanKind.PRODUCER, eventId);
        SpanData process = span("process traced-outbox", SpanKind.CONSUMER, eventId);
        assertThat(send.getParentSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(process.getTraceId()).isEqualTo(checkout.getSpanContext().getTraceId());
    }

    @Test
    void aDeadLetteredEventEndsItsSpanWithAnError() throws Exception {
        herald.herald().createTopic("traced-failing", 1);
        PublishResult placed;
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/orders")
                .openTelemetry(openTelemetry)
                .build()) {
            placed = publisher.publish("traced-failing", new OrderPlaced("o-2")).get();
        }

        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("failing")
                .topics("traced-failing")
                .openTelemetry(openTelemetry)
                .retryPolicy(new RetryPolicy(2, Duration.ZERO, 1, Duration.ZERO, 0))
                .on(OrderPlaced.class, event -> {
                    throw new IllegalStateException(
                            "no stock for " + event.data().orderId());
                })
                .start()) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> exporter.getFinishedSpanItems().stream()
                            .anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
        }

        SpanData process = span("process traced-failing", SpanKind.CONSUMER, placed.eventId());
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(process.getStatus().getDescription()).isEqualTo("no stock for o-2");
        assertThat(process.getEvents())
                .filteredOn(event -> event.getName().equals("exception"))
                .hasSize(2);
    }
}
