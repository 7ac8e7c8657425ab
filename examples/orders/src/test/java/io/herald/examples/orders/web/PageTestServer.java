package io.herald.examples.orders.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.examples.orders.web.ContractEvents.Item;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The page's server for tests: a Javalin app with {@link WorkflowWeb} and its feed, bound to 127.0.0.1 on a free
 * port, plus a TEST-ONLY stand-in for the Order service's {@code POST /api/orders} and {@code POST /api/load}: they
 * answer as the contract says (202 {orderId, state}) and publish each order's events through the SDK in the
 * contract's confirmed sequence ({@link OrderFlows}), on a virtual thread, as the four services would. The services
 * are being built beside the page; once they are merged, the integrator points these tests at the real {@code
 * OrderSystem} and removes the stand-in.
 */
final class PageTestServer implements AutoCloseable {
    private final WorkflowFeed feed;
    private final OrderFlows flows;
    private final Javalin app;
    private final ObjectMapper json = new ObjectMapper();

    PageTestServer(String bootstrapServers) {
        this.feed = new WorkflowFeed(bootstrapServers).start();
        this.flows = new OrderFlows(bootstrapServers);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            WorkflowWeb.install(config, feed);
            config.routes.post("/api/orders", this::placeOrder); // test-only stand-in, see the class comment
            config.routes.post("/api/load", this::startLoad); // test-only stand-in, see the class comment
        });
        app.start("127.0.0.1", 0);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    WorkflowFeed feed() {
        return feed;
    }

    OrderFlows flows() {
        return flows;
    }

    private void placeOrder(Context ctx) throws Exception {
        JsonNode body = json.readTree(ctx.body());
        String orderId = "o-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = body.path("userId").asText();
        String location = body.path("location").asText();
        List<Item> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            items.add(new Item(item.path("sku").asText(), item.path("quantity").asInt(), 500));
        }
        Thread.ofVirtual().start(() -> flows.confirmed(orderId, userId, location, items));
        ctx.status(202)
                .contentType("application/json")
                .result(json.writeValueAsString(Map.of("orderId", orderId, "state", "PLACED")));
    }

    private void startLoad(Context ctx) throws Exception {
        int count = json.readTree(ctx.body()).path("count").asInt();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < count; i++) {
                flows.confirmed("o-load-" + UUID.randomUUID().toString().substring(0, 8), "load-user", "Lisbon");
            }
        });
        ctx.status(202).contentType("application/json").result(json.writeValueAsString(Map.of("count", count)));
    }

    @Override
    public void close() {
        app.stop();
        feed.close();
        flows.close();
    }
}
