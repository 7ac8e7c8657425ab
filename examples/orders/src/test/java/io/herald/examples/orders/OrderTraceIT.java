package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.examples.orders.order.OrderState;
import io.herald.testkit.HeraldExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One order's trace: the services export their spans through OpenTelemetry's standard configuration (here
 * {@code otel.traces.exporter=memory}, a test exporter found like any other), and the spans of the four services form
 * one trace, each service's span the child of the span that published what it handled.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrderTraceIT {
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final Map<String, String> SETTINGS = Map.of(
            "otel.traces.exporter", "memory",
            // export each span at once rather than in 5 s batches
            "otel.bsp.schedule.delay", "10");

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void configureTracing() {
        SETTINGS.forEach(System::setProperty);
        MemorySpanExporterProvider.SPANS.reset();
    }

    @AfterAll
    static void clearTracing() {
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    @Test
    void anOrdersSpansAcrossTheFourServicesFormOneTrace() throws Exception {
        String orderId;
        try (TestRegistry registry = TestRegistry.start(herald.bootstrapServers());
                OrderSystem system = OrderSystem.start(
                        new ServiceSettings(herald.bootstrapServers(), dataDir, 0, 0.0, registry.url(), true),
                        config -> {})) {
            HttpResponse<String> placed = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.httpPort() + "/api/orders"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"tracy\",\"location\":"
                                            + "\"Lisbon\",\"items\":[{\"sku\":\"sku-mug\",\"quantity\":1}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
            orderId = placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
            String id = orderId;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> system.order().find(id).orElseThrow().state() == OrderState.CONFIRMED);
            // EmailSent, the last event, handled by nobody: its send span is the last span of the trace
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            spans().stream().anyMatch(span -> span.getName().equals("send emails")));
        }

        List<SpanData> spans = spans();
        assertThat(spans.stream().map(SpanData::getTraceId).distinct())
                .as("one trace for the order's flow: %s", spans)
                .hasSize(1);
        Set<String> services = spans.stream()
                .map(span -> span.getResource().getAttribute(SERVICE_NAME))
                .collect(Collectors.toSet());
        assertThat(services).contains("orders-service", "inventory-service", "payment-service", "email-service");
        // every handled event's span is the child of the span that sent it, in another service
        Map<String, SpanData> byId =
                spans.stream().collect(Collectors.toMap(SpanData::getSpanId, span -> span, (a, b) -> a));
        List<SpanData> handled = spans.stream()
                .filter(span -> span.getKind() == SpanKind.CONSUMER)
                .toList();
        assertThat(handled).isNotEmpty().allSatisfy(process -> {
            SpanData sender = byId.get(process.getParentSpanId());
            assertThat(sender).as("the parent of %s", process).isNotNull();
            assertThat(sender.getKind()).isEqualTo(SpanKind.PRODUCER);
        });
        assertThat(spans.stream().filter(span -> span.getParentSpanId().equals("0000000000000000")))
                .as("one root: the Order service's send of OrderPlaced")
                .singleElement()
                .satisfies(root -> assertThat(root.getName()).isEqualTo("send orders"));
    }

    /** This order's spans: the test's only order, on topics only this order system writes. */
    private static List<SpanData> spans() {
        return MemorySpanExporterProvider.SPANS.getFinishedSpanItems();
    }
}
