package io.herald.server.http;

import io.herald.cep.host.HostedRules;
import io.herald.server.metrics.ServerMetrics;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code herald server}'s HTTP listener on {@code http.port} (Javalin on Jetty, one virtual thread per request):
 * the rules API ({@link RulesRoutes}) and the Prometheus metrics ({@link MetricsRoutes}, {@code GET /metrics}); the
 * console and gateway come later on the same port. Every answer but {@code /metrics} is JSON, errors included
 * ({@code {"error":..,"message":..}}).
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final Javalin javalin;
    private final ServerMetrics metrics;

    private HttpListener(Javalin javalin, ServerMetrics metrics) {
        this.javalin = javalin;
        this.metrics = metrics;
    }

    /**
     * Binds {@code host}:{@code port} (0 for a free port) and serves the rules API of {@code rules} and
     * {@code metrics}, which the listener then owns: {@link #close()} closes them.
     *
     * @throws RuntimeException from Jetty when the port cannot be bound (a {@link java.net.BindException} cause)
     */
    public static HttpListener start(String host, int port, HostedRules rules, ServerMetrics metrics) {
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            new RulesRoutes(rules).register(config.routes);
            new MetricsRoutes(metrics).register(config.routes);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                RulesRoutes.send(ctx, 500, RuleJson.error("internal", String.valueOf(e.getMessage())));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    RulesRoutes.send(ctx, 404, RuleJson.error("not_found", "no such path: " + ctx.path()));
                }
            });
        });
        try {
            javalin.start(host, port);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        return new HttpListener(javalin, metrics);
    }

    /** The bound port. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        metrics.close();
    }
}
