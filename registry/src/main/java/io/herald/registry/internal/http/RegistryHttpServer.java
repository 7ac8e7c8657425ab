package io.herald.registry.internal.http;

import io.herald.registry.internal.election.WriterElection;
import io.herald.registry.internal.service.RegistryWriter;
import io.herald.registry.internal.service.SchemaLookup;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.SchemasTopic;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's HTTP server (Javalin on Jetty, one virtual thread per request): routes, request content types,
 * writes forwarded to the elected writer when this instance is not it, and every error answered as Confluent's
 * {@code {"error_code":..,"message":..}}.
 */
public final class RegistryHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpServer.class);
    private static final Set<String> REQUEST_TYPES = Set.of(
            "application/vnd.schemaregistry.v1+json",
            "application/vnd.schemaregistry+json",
            "application/json",
            "application/octet-stream");

    private final Javalin javalin;
    // The connector's settings, read by Javalin when it starts: they are only known at start.
    private String host;
    private int port;
    private Duration idleTimeout;

    /** Builds the server; {@link #start} binds it. */
    public RegistryHttpServer(
            RegistryState state,
            Settings settings,
            RegistryWriter writer,
            WriterElection election,
            SchemasTopic topic) {
        SchemaLookup lookup = new SchemaLookup(state);
        WriteForwarder forwarder = new WriteForwarder(election, topic);
        this.javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            config.jetty.addConnector(this::connector);
            config.routes.before(RegistryHttpServer::checkContentType);
            config.routes.before(ctx -> {
                if (forwarder.forwardIfNotWriter(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            });
            new SubjectRoutes(state, lookup, settings, writer).register(config.routes);
            new SchemaRoutes(state).register(config.routes);
            new ConfigRoutes(state, settings, writer).register(config.routes);
            new CompatibilityRoutes(state, lookup, settings).register(config.routes);
            config.routes.exception(
                    RegistryException.class,
                    (e, ctx) -> Exchange.send(ctx, e.httpStatus(), Exchange.error(e.errorCode(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                Exchange.send(ctx, 500, Exchange.error(50001, "Error in the backend data store: " + e.getMessage()));
            });
            config.routes.error(404, ctx -> {
                // a 40401-40409 answer already has its body; only Javalin's "no such route" is rewritten
                if (!Exchange.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    Exchange.send(ctx, 404, Exchange.error(404, "HTTP 404 Not Found"));
                }
            });
            config.routes.error(
                    405, ctx -> Exchange.send(ctx, 405, Exchange.error(405, "HTTP 405 Method Not Allowed")));
        });
    }

    private static void checkContentType(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null
                || ctx.method().name().equals("GET")
                || ctx.method().name().equals("DELETE")) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !REQUEST_TYPES.contains(type)) {
            throw new RegistryException(
                    415, "HTTP 415 Unsupported Media Type: " + type + "; send one of " + REQUEST_TYPES);
        }
    }

    /**
     * Binds {@code host}:{@code port} (0 for a free port) and starts serving; a keep-alive connection idle for {@code
     * idleTimeout} is closed.
     */
    public void start(String host, int port, Duration idleTimeout) {
        this.host = host;
        this.port = port;
        this.idleTimeout = idleTimeout;
        javalin.start();
    }

    private Connector connector(Server server, HttpConfiguration http) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
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
