package io.herald.examples.orders.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.herald.examples.orders.load.LoadGenerator;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Order service's HTTP API (Javalin, virtual threads):
 *
 * <ul>
 *   <li>{@code POST /api/orders} {@code {userId, location, items:[{sku, quantity}]}} → 202 {@code {orderId, state}};
 *       400 with {@code {error}} naming what is wrong
 *   <li>{@code GET /api/orders?limit=N} (newest first, N ≤ 1000, 50 by default) and {@code GET /api/orders/{orderId}}
 *       → {@link OrderView} as JSON (404 for an unknown id)
 *   <li>{@code POST /api/load} {@code {count, fraudBurst}} → 202 {@code {runId, count, fraudUserId}}: starts a
 *       {@link LoadGenerator} run
 * </ul>
 *
 * The page's routes are added by the caller through {@code extraRoutes} (the web package's installer).
 */
public final class OrderHttpApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Javalin javalin;

    private OrderHttpApi(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Serves the API on {@code port} of all interfaces (0: a free port).
     *
     * @param extraRoutes adds more routes to the same server (the page)
     */
    public static OrderHttpApi start(OrderService orders, int port, Consumer<JavalinConfig> extraRoutes) {
        LoadGenerator load = new LoadGenerator(orders);
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.routes.post("/api/orders", ctx -> {
                PlaceOrder request = JSON.readValue(ctx.body(), PlaceOrder.class);
                OrderView placed = orders.place(request);
                send(ctx, 202, Map.of("orderId", placed.orderId(), "state", placed.state()));
            });
            config.routes.get("/api/orders", ctx -> {
                String limitParam = ctx.queryParam("limit");
                int limit = limitParam == null ? 50 : Integer.parseInt(limitParam);
                if (limit < 1 || limit > 1000) {
                    throw new IllegalArgumentException("limit must be within [1, 1000], was " + limit);
                }
                send(ctx, 200, orders.newest(limit));
            });
            config.routes.get("/api/orders/{orderId}", ctx -> {
                String orderId = ctx.pathParam("orderId");
                var found = orders.find(orderId);
                if (found.isPresent()) {
                    send(ctx, 200, found.get());
                } else {
                    send(ctx, 404, Map.of("error", "no order " + orderId));
                }
            });
            config.routes.post("/api/load", ctx -> {
                LoadRequest request = JSON.readValue(ctx.body(), LoadRequest.class);
                LoadGenerator.LoadRun run = load.start(request.count(), request.fraudBurst());
                var body = new java.util.LinkedHashMap<String, Object>();
                body.put("runId", run.runId());
                body.put("count", run.normalOrders());
                body.put("fraudUserId", run.fraudUserId());
                send(ctx, 202, body);
            });
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> send(ctx, 400, error(e)));
            config.routes.exception(JsonProcessingException.class, (e, ctx) -> send(ctx, 400, error(e)));
            extraRoutes.accept(config);
        });
        javalin.start(port);
        return new OrderHttpApi(javalin);
    }

    /** The body of {@code POST /api/load}. */
    record LoadRequest(int count, boolean fraudBurst) {}

    private static Map<String, String> error(Exception e) {
        return Map.of("error", String.valueOf(e.getMessage()));
    }

    private static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The bound port. */
    public int port() {
        return javalin.port();
    }

    /** Stops the server. */
    @Override
    public void close() {
        javalin.stop();
    }
}
