package io.herald.examples.orders.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The order system's web page, added to the Order service's Javalin app: the page itself, its static files from the
 * classpath folder {@code web/} (plain HTML, CSS and JavaScript modules, nothing from a CDN), and the JSON and
 * server-sent-event routes it reads. The page places orders and starts loads through the Order service's own {@code
 * POST /api/orders} and {@code POST /api/load}, which this class does not serve.
 *
 * <pre>
 * GET /                         the page
 * GET /assets/{file}            web/{file}: .js .css .svg
 * GET /api/timeline/{orderId}   an order's timeline (404 when the feed has not seen it or no longer keeps it)
 * GET /api/timelines?limit=N    the newest orders' timelines (N &lt;= 1000, default 100)
 * GET /api/alerts?limit=N       the newest fraud alerts (N &lt;= 200, default 50)
 * GET /api/stream               server-sent events: snapshot, order, alert (see {@link StreamClient})
 * </pre>
 *
 * Javalin 7 takes routes only while the app is configured, so this installs into a {@link JavalinConfig}.
 */
public final class WorkflowWeb {
    private static final Pattern ASSET_NAME = Pattern.compile("[a-z0-9-]+\\.(js|css|svg)");
    private static final Map<String, String> CONTENT_TYPES =
            Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final WorkflowFeed feed;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final String epoch = UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean stopping;
    // the open streams, woken and awaited when the server stops: a stream handler that returned after Jetty recycled
    // its request sent Javalin 7 into a loop of "Response does not exist" warnings
    private final Set<StreamClient> streams = ConcurrentHashMap.newKeySet();

    private WorkflowWeb(WorkflowFeed feed) {
        this.feed = feed;
    }

    /**
     * Adds the page and its routes to {@code config}, with a {@link WorkflowFeed} of {@code bootstrapServers} that
     * starts with the server and closes when it stops.
     *
     * @return the feed, for the caller's own use (its queries are thread-safe)
     */
    public static WorkflowFeed install(JavalinConfig config, String bootstrapServers) {
        WorkflowFeed feed = new WorkflowFeed(bootstrapServers);
        config.events.serverStarting(feed::start);
        config.events.serverStopped(feed::close);
        install(config, feed);
        return feed;
    }

    /** Adds the page and its routes to {@code config}, reading {@code feed}, which the caller starts and closes. */
    public static void install(JavalinConfig config, WorkflowFeed feed) {
        WorkflowWeb web = new WorkflowWeb(feed);
        config.events.serverStopping(web::endStreams);
        config.routes.get("/", ctx -> web.asset(ctx, "index.html", "text/html; charset=utf-8"));
        config.routes.get("/assets/{file}", web::asset);
        config.routes.get("/api/timeline/{orderId}", web::timeline);
        config.routes.get("/api/timelines", web::timelines);
        config.routes.get("/api/alerts", web::alerts);
        config.routes.sse("/api/stream", client -> {
            StreamClient stream = new StreamClient(client, feed, web.epoch, web.json);
            web.streams.add(stream);
            try {
                stream.serve(client.ctx().header("Last-Event-ID"), () -> web.stopping);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                client.close(); // the browser went away mid-write, or the data could not be written: it reconnects
            } finally {
                web.streams.remove(stream);
                stream.ended();
            }
        });
    }

    /** Before the server stops: ends every open stream and waits (up to 5 s) for their handlers to return. */
    private void endStreams() {
        stopping = true;
        List<StreamClient> open = List.copyOf(streams);
        open.forEach(StreamClient::wake);
        try {
            CompletableFuture.allOf(open.stream().map(StreamClient::end).toArray(CompletableFuture[]::new))
                    .get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a handler stuck in a write: the server stops all the same
        }
    }

    private void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!ASSET_NAME.matcher(file).matches()) {
            notFound(ctx, "no asset " + file + ": names are lower-case letters, digits and '-' with .js, .css or .svg");
            return;
        }
        asset(ctx, file, CONTENT_TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
    }

    private void asset(Context ctx, String file, String contentType) throws IOException {
        try (InputStream in = WorkflowWeb.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                notFound(ctx, "no asset " + file + " in the classpath folder web/");
                return;
            }
            ctx.header("Cache-Control", "no-cache").contentType(contentType).result(in.readAllBytes());
        }
    }

    private void timeline(Context ctx) throws IOException {
        String orderId = ctx.pathParam("orderId");
        var timeline = feed.timeline(orderId);
        if (timeline.isEmpty()) {
            notFound(
                    ctx,
                    "no events of order " + orderId + " seen yet, or it is older than the orders the feed keeps;"
                            + " try again shortly");
            return;
        }
        respond(ctx, 200, timeline.get());
    }

    private void timelines(Context ctx) throws IOException {
        Integer limit = limit(ctx, 100, WorkflowFeed.DEFAULT_MAX_ORDERS);
        if (limit != null) {
            respond(ctx, 200, feed.orders(limit));
        }
    }

    private void alerts(Context ctx) throws IOException {
        Integer limit = limit(ctx, 50, WorkflowFeed.MAX_ALERTS);
        if (limit != null) {
            respond(ctx, 200, feed.alerts(limit));
        }
    }

    /** The {@code limit} query parameter, or null after answering 400. */
    private Integer limit(Context ctx, int defaultLimit, int maxLimit) throws IOException {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        respond(ctx, 400, Map.of("error", "limit must be an integer from 1 to " + maxLimit + ", was " + text));
        return null;
    }

    private void notFound(Context ctx, String message) throws IOException {
        respond(ctx, 404, Map.of("error", message));
    }

    private void respond(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
