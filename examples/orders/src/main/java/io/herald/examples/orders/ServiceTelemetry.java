package io.herald.examples.orders;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * A service's OpenTelemetry, for the SDK's spans ({@code send <topic>} per published event, {@code process <topic>} per
 * handled one, linked through each event's {@code traceparent}): one trace follows an order through the four services.
 * Configured by OpenTelemetry's standard settings, as environment variables or system properties:
 * {@code OTEL_TRACES_EXPORTER=otlp} with {@code OTEL_EXPORTER_OTLP_ENDPOINT} for a collector (Jaeger, Tempo...), or
 * {@code logging} to print the spans. Nothing is exported unless told: the example's default exporter is {@code none}.
 * Each service has its own {@code service.name} ({@code order-service}...), even when the four run in one process.
 */
final class ServiceTelemetry {
    private ServiceTelemetry() {}

    /** The SDK of the service named {@code name}; close it to flush its spans. */
    static OpenTelemetrySdk forService(String name) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addPropertiesCustomizer(config -> Map.of("otel.service.name", name + "-service"))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }
}
