package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.testkit.HeraldExtension;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page's routes and its server-sent events over real HTTP, the feed reading the testkit broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkflowWebIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    static PageTestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        OrderFlows.createTopics(herald.herald());
        server = new PageTestServer(herald.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void pageAndItsAssetsAreServedFromTheClasspathWithNoExternalAddress() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/assets/app.js\">");

        for (String asset : List.of("app.js", "api.js", "render.js", "app.css")) {
            HttpResponse<String> response = get("/assets/" + asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).doesNotContain("http://", "https://", "//cdn");
            assertThat(page.body()).doesNotContain("https://");
        }
        assertThat(get("/assets/app.js").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(get("/assets/app.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void unknownOrMisnamedAssetsAre404() throws Exception {
        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
        HttpResponse<String> traversal = get("/assets/..%2Fweb%2Findex.html");
        assertThat(traversal.statusCode()).isEqualTo(404);
        assertThat(get("/assets/Index.HTML").body()).contains("names are lower-case letters");
    }

    @Test
    void timelineOfAnOrderIsItsJoinedEventsAndDerivedState() throws Exception {
        String orderId = WorkflowFeedIT.newOrderId();
        server.flows().paymentFailed(orderId, "ivy", "Coimbra", "card declined");
        WorkflowFeedIT.awaitEntries(server.feed(), orderId, 5);

        HttpResponse<String> response = get("/api/timeline/" + orderId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode timeline = JSON.readTree(response.body());
        assertThat(timeline.path("orderId").asText()).isEqualTo(orderId);
        assertThat(timeline.path("derived").path("state").asText()).isEqualTo("CANCELLED");
        assertThat(timeline.path("derived").path("reason").asText()).isEqualTo("card declined");
        assertThat(timeline.path("derived").path("compensated").asBoolean()).isTrue();
        List<String> types = new ArrayList<>();
        for (JsonNode entry : timeline.path("entries")) {
            types.add(entry.path("type").asText());
            assertThat(entry.path("source").asText()).startsWith("/");
            assertThat(entry.path("topic").asText()).isNotEmpty();
            assertThat(entry.path("offset").isIntegralNumber()).isTrue();
            assertThat(entry.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
        assertThat(types)
                .containsExactly("OrderPlaced", "StockReserved", "PaymentFailed", "StockReleased", "OrderCancelled");
    }

    @Test
    void timelineOfAnOrderNotSeenIs404NamingIt() throws Exception {
        HttpResponse<String> response = get("/api/timeline/o-never");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").asText()).contains("o-never");
    }

    @Test
    void limitOutsideItsRangeIs400NamingTheRangeAndValue() throws Exception {
        HttpResponse<String> response = get("/api/timelines?limit=0");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .isEqualTo("limit must be an integer from 1 to 1000, was 0");
    }

    @Test
    void streamStartsWithASnapshotThenFollowsEachChangeOfAnOrder() throws Exception {
        try (SseReader stream = new SseReader(server.baseUrl() + "/api/stream", null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            SseReader.Event snapshot = stream.next(WAIT);
            assertThat(snapshot.name()).isEqualTo("snapshot");
            assertThat(snapshot.data().has("orders")).isTrue();
            long previous = sequence(snapshot.id());

            String orderId = WorkflowFeedIT.newOrderId();
            server.flows().confirmed(orderId, "jay", "Lisbon");

            List<String> states = new ArrayList<>();
            while (!states.contains("CONFIRMED") || states.size() < 5) {
                SseReader.Event event = stream.next(WAIT);
                assertThat(sequence(event.id())).isGreaterThan(previous);
                previous = sequence(event.id());
                if (event.name().equals("order")
                        && event.data().path("orderId").asText().equals(orderId)) {
                    states.add(event.data().path("derived").path("state").asText());
                }
            }
            assertThat(states).first().isEqualTo("PLACED");
            assertThat(states).last().isEqualTo("CONFIRMED");
        }
    }

    @Test
    void reconnectingWithLastEventIdCatchesUpOnlyOnWhatWasMissed() throws Exception {
        String seen = WorkflowFeedIT.newOrderId();
        server.flows().confirmed(seen, "kim", "Porto");
        WorkflowFeedIT.awaitEntries(server.feed(), seen, 5);
        String lastEventId;
        try (SseReader first = new SseReader(server.baseUrl() + "/api/stream", null)) {
            lastEventId = first.next(WAIT).id();
        }

        String missed = WorkflowFeedIT.newOrderId();
        server.flows().confirmed(missed, "kim", "Porto");
        String alertId = server.flows().fraudAlert("kim", 6, 5);
        WorkflowFeedIT.awaitEntries(server.feed(), missed, 5);
        await().atMost(WAIT).until(() -> server.feed().lastSequence() > sequence(lastEventId) + 5);

        try (SseReader again = new SseReader(server.baseUrl() + "/api/stream", lastEventId)) {
            List<SseReader.Event> caughtUp = new ArrayList<>();
            while (caughtUp.stream().noneMatch(event -> event.name().equals("alert"))
                    || caughtUp.stream().noneMatch(event -> isConfirmed(event, missed))) {
                caughtUp.add(again.next(WAIT));
            }
            assertThat(caughtUp).noneMatch(event -> event.name().equals("snapshot"));
            assertThat(caughtUp)
                    .noneMatch(event -> event.data().path("orderId").asText().equals(seen));
            assertThat(caughtUp)
                    .filteredOn(event -> event.data().path("orderId").asText().equals(missed))
                    .singleElement()
                    .satisfies(event ->
                            assertThat(event.data().path("entries").size()).isEqualTo(5));
            assertThat(caughtUp)
                    .filteredOn(event -> event.name().equals("alert"))
                    .extracting(event -> event.data().path("eventId").asText())
                    .contains(alertId);
        }
    }

    @Test
    void lastEventIdOfAnotherServerInstanceGetsASnapshot() throws Exception {
        try (SseReader stream = new SseReader(server.baseUrl() + "/api/stream", "0badc0de-12")) {
            assertThat(stream.next(WAIT).name()).isEqualTo("snapshot");
        }
    }

    @Test
    void installWithAnAddressRunsItsOwnFeedFromServerStartToServerStop() throws Exception {
        String orderId = WorkflowFeedIT.newOrderId();
        server.flows().confirmed(orderId, "lee", "Faro");
        AtomicReference<WorkflowFeed> feed = new AtomicReference<>();
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            feed.set(WorkflowWeb.install(config, herald.bootstrapServers()));
        });
        assertThat(feed.get().running()).isFalse();
        app.start("127.0.0.1", 0);
        try {
            assertThat(feed.get().running()).isTrue();
            URI timeline = URI.create("http://127.0.0.1:" + app.port() + "/api/timeline/" + orderId);
            await().atMost(WAIT).until(() -> {
                HttpResponse<String> response =
                        http.send(HttpRequest.newBuilder(timeline).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200
                        && JSON.readTree(response.body()).path("entries").size() == 5;
            });
        } finally {
            app.stop();
        }
        assertThat(feed.get().running()).isFalse();
    }

    private static boolean isConfirmed(SseReader.Event event, String orderId) {
        return event.name().equals("order")
                && event.data().path("orderId").asText().equals(orderId)
                && event.data().path("derived").path("state").asText().equals("CONFIRMED");
    }

    private static long sequence(String eventId) {
        return Long.parseLong(eventId.substring(eventId.indexOf('-') + 1));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
