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
 * answer as the contract says (202 {orderId, state}) and publish each order's events through the SDK in one of the
 * contract's sequences ({@link OrderFlows}), on a virtual thread, as the four services would: confirmed, or, by the
 * user's name, a declined payment ("decline..."), a payment that never answers ("slow..."), no stock ("nostock...") or a
 * hold for fraud review ("held..."); a load with a fraud
 * burst also writes a fraud alert as the CEP rule would. It stays for what the real {@code OrderSystem} cannot
 * produce on demand (a waiting payment, a declined payment or a hold for an order the test chooses): see {@link
 * WorkflowStatesBrowserIT} and {@link WorkflowWebIT}; {@link WorkflowPageBrowserIT} runs against the real system.
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
        // the user's name picks the flow, so the browser tests can show each kind of order
        Thread.ofVirtual().start(() -> {
            if (userId.startsWith("decline")) {
                flows.paymentFailed(orderId, userId, location, "card declined");
            } else if (userId.startsWith("slow")) {
                flows.awaitingPayment(orderId, userId, location);
            } else if (userId.startsWith("nostock")) {
                flows.stockRejected(orderId, userId, location, "sku-lamp: 0 left");
            } else if (userId.startsWith("held")) {
                flows.held(orderId, flows.placed(orderId, userId, location), "fraud review");
            } else {
                flows.confirmed(orderId, userId, location, items);
            }
        });
        ctx.status(202)
                .contentType("application/json")
                .result(json.writeValueAsString(Map.of("orderId", orderId, "state", "PLACED")));
    }

    private void startLoad(Context ctx) throws Exception {
        JsonNode body = json.readTree(ctx.body());
        int count = body.path("count").asInt();
        boolean fraudBurst = body.path("fraudBurst").asBoolean();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < count; i++) {
                flows.confirmed("o-load-" + UUID.randomUUID().toString().substring(0, 8), "load-user", "Lisbon");
            }
            if (fraudBurst) {
                flows.fraudAlert("burst-user", 5, 3); // what the CEP rule writes for a burst
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
