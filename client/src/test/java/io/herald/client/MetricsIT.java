package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's OpenTelemetry metrics, read by an in-memory reader of the OpenTelemetry SDK. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @EventType("OrderPlaced")
    record OrderPlaced(@Key String orderId) {}

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setMeterProvider(
                    SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();

    @AfterEach
    void closeSdk() {
        openTelemetry.close();
    }

    @Test
    void publishesAndHandledEventsAreCountedAndTimedWithTheirFailures() throws Exception {
        herald.herald().createTopic("metered", 1);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/orders")
                .openTelemetry(openTelemetry)
                .build()) {
            for (String orderId : new String[] {"o-1", "o-2", "bad"}) {
                publisher.publish("metered", new OrderPlaced(orderId)).get();
            }
            assertThatThrownBy(() -> publisher
                            .publish("no-such-topic", new OrderPlaced("o-3"))
                            .join())
                    .hasCauseInstanceOf(TopicNotFoundException.class);
        }
        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("billing")
                .topics("metered")
                .openTelemetry(openTelemetry)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0.0))
                .on(OrderPlaced.class, event -> {
                    if (event.data().orderId().equals("bad")) throw new IllegalStateException("no such customer");
                })
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count("messaging.client.consumed.messages") == 3);
        }

        Attributes sent = Attributes.builder()
                .put("messaging.system", "kafka")
                .put("messaging.operation.name", "send")
                .put("messaging.destination.name", "metered")
                .put("cloudevents.event_type", "OrderPlaced")
                .build();
        Attributes processed = Attributes.builder()
                .put("messaging.system", "kafka")
                .put("messaging.operation.name", "process")
                .put("messaging.destination.name", "metered")
                .put("messaging.consumer.group.name", "billing")
                .put("cloudevents.event_type", "OrderPlaced")
                .build();
        Attributes deadLettered = processed.toBuilder()
                .put(ERROR_TYPE, IllegalStateException.class.getName())
                .build();
        Attributes failedSend = sent.toBuilder()
                .put("messaging.destination.name", "no-such-topic")
                .put(ERROR_TYPE, TopicNotFoundException.class.getName())
                .build();
        Collection<MetricData> metrics = reader.collectAllMetrics();

        assertThat(sums(metrics, "messaging.client.sent.messages")).isEqualTo(Map.of(sent, 3L, failedSend, 1L));
        assertThat(histogramCounts(metrics, "messaging.client.operation.duration"))
                .isEqualTo(Map.of(sent, 3L, failedSend, 1L));
        assertThat(sums(metrics, "messaging.client.consumed.messages"))
                .isEqualTo(Map.of(processed, 2L, deadLettered, 1L));
        assertThat(histogramCounts(metrics, "messaging.process.duration"))
                .isEqualTo(Map.of(processed, 2L, deadLettered, 1L));
        assertThat(metrics)
                .filteredOn(metric -> metric.getName().endsWith(".duration"))
                .allSatisfy(metric -> assertThat(metric.getUnit()).isEqualTo("s"));
    }

    private long count(String counter) {
        return sums(reader.collectAllMetrics(), counter).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static Map<Attributes, Long> sums(Collection<MetricData> metrics, String name) {
        return metrics.stream()
                .filter(metric -> metric.getName().equals(name))
                .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
    }

    private static Map<Attributes, Long> histogramCounts(Collection<MetricData> metrics, String name) {
        return metrics.stream()
                .filter(metric -> metric.getName().equals(name))
                .flatMap(metric -> metric.getHistogramData().getPoints().stream())
                .collect(Collectors.toMap(HistogramPointData::getAttributes, HistogramPointData::getCount));
    }
}
