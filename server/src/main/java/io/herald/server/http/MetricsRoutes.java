package io.herald.server.http;

import io.herald.server.metrics.ServerMetrics;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /metrics}: every metric of {@link ServerMetrics} in Prometheus's text exposition format 0.0.4, the one
 * answer of this listener that is not JSON. Point a Prometheus scrape job at {@code http://HOST:HTTP_PORT/metrics}.
 */
final class MetricsRoutes {
    private final ServerMetrics metrics;

    MetricsRoutes(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/metrics",
                ctx -> ctx.status(200).contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape()));
    }
}
