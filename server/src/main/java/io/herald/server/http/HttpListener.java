package io.herald.server.http;

import io.herald.cep.host.HostedRules;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code herald server}'s HTTP listener on {@code http.port} (Javalin on Jetty, one virtual thread per request):
 * the rules API ({@link RulesRoutes}) for now; the console, gateway and metrics come later on the same port. Every
 * answer is JSON, errors included ({@code {"error":..,"message":..}}).
 */
public final class HttpListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final Javalin javalin;

    private HttpListener(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Binds {@code host}:{@code port} (0 for a free port) and serves.
     *
     * @throws RuntimeException from Jetty when the port cannot be bound (a {@link java.net.BindException} cause)
     */
    public static HttpListener start(String host, int port, HostedRules rules) {
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            new RulesRoutes(rules).register(config.routes);
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
        javalin.start(host, port);
        return new HttpListener(javalin);
    }

    /** The bound port. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
