package io.herald.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules API of a running {@code herald server} (in-process, every port free): rules deployed over HTTP, fed
 * through a real Kafka producer with CloudEvents headers, their alerts read back with a real consumer. Each test has
 * its own rule and topics; the server is never restarted.
 */
@Timeout(180)
class RulesApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    static Path dataDir;

    static StartedServer server;
    static String bootstrap;
    static String api;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() {
        server = StartedServer.start(dataDir);
        bootstrap = server.bootstrap();
        api = server.httpBase() + "/api/rules";
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    /** The order system's fraud rule over a topic with several event types; {@code minOrders} varies per version. */
    private static String fraudRule(String name, String input, String into, int minOrders) {
        return """
                CREATE RULE %s
                FROM %s EVENT TIME ts WATERMARK LAG 5s ALLOWED LATENESS 30s
                PARTITION BY userId WHERE ce_type = 'OrderPlaced'
                WINDOW RANGE 1m HAVING count(*) >= %d AND count(DISTINCT location) >= 2
                SELECT userId, count(*) AS orders, count(DISTINCT location) AS locations
                EMIT ON MATCH SUPPRESS 1m
                INTO %s
                """.formatted(name, input, minOrders, into);
    }

    // ---- HTTP

    private record Answer(int status, JsonNode body) {}

    private static Answer call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Herald-User", "rules-api-it")
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    // ---- Kafka

    private static void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) topics.add(new NewTopic(name, Optional.of(1), Optional.empty()));
            admin.createTopics(topics).all().get();
        }
    }

    private record Order(String type, String user, long tsMs, String location) {}

    /** Sends each order as a CloudEvent in binary mode; every other value in Confluent's wire format. */
    private static void produce(String topic, Long recordTimestampMs, Order... orders) throws Exception {
        Map<String, Object> props = Map.of(
                "bootstrap.servers",
                bootstrap,
                "acks",
                "all",
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            int i = 0;
            for (Order order : orders) {
                byte[] json = "{\"userId\":\"%s\",\"ts\":%d,\"location\":\"%s\"}"
                        .formatted(order.user(), order.tsMs(), order.location())
                        .getBytes(StandardCharsets.UTF_8);
                byte[] value = i++ % 2 == 0
                        ? json
                        : ByteBuffer.allocate(5 + json.length)
                                .put((byte) 0)
                                .putInt(1)
                                .put(json)
                                .array();
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topic, 0, recordTimestampMs, order.user(), value);
                record.headers().add("ce_specversion", bytes("1.0"));
                record.headers().add("ce_id", bytes(topic + "-" + i));
                record.headers().add("ce_source", bytes("orders-service"));
                record.headers().add("ce_type", bytes(order.type()));
                record.headers().add("content-type", bytes("application/json"));
                producer.send(record).get();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Five orders of {@code user} within a minute from two places, with payments in between (not counted). */
    private static Order[] burst(String user, long startMs, int orders) {
        List<Order> all = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            all.add(new Order("OrderPlaced", user, startMs + 1_000L * i, i % 2 == 0 ? "paris" : "lyon"));
            all.add(new Order("OrderPaid", user, startMs + 1_000L * i + 500, "paris"));
        }
        return all.toArray(Order[]::new);
    }

    /** Moves the rule's watermark an hour past {@code ms}. */
    private static Order tick(long ms) {
        return new Order("Heartbeat", "tick", ms + 3_600_000, "nowhere");
    }

    /** Every record of a one-partition topic, from the beginning to its end offset now. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> props = Map.of(
                "bootstrap.servers", bootstrap,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Waits until the rule's runner has read {@code records} input records and every output is acknowledged. */
    private static void awaitRead(String rule, long records) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode metrics = call("GET", "/" + rule, null).body().path("metrics");
            assertThat(metrics.path("recordsRead").asLong()).isEqualTo(records);
            assertThat(metrics.path("outputsAcknowledged").asLong())
                    .isEqualTo(metrics.path("outputsSent").asLong());
        });
    }

    /** Waits until the rule version's group committed its start offset (so "now" is fixed). */
    private static void awaitStarted(String rule, int version, String topic) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.listConsumerGroupOffsets("herald-cep." + rule + ".v" + version)
                                .partitionsToOffsetAndMetadata()
                                .get())
                        .containsKey(new TopicPartition(topic, 0));
            }
        });
    }

    // ---- tests

    @Test
    void theFraudRuleDeployedOverHttpRaisesOneAlertFromCloudEventsOfOneType() throws Exception {
        createTopics("orders_a");

        Answer deployed = call("PUT", "/fraud_a?from=earliest", fraudRule("fraud_a", "orders_a", "alerts_a", 5));
        produce("orders_a", null, burst("alice", T0, 5));
        produce("orders_a", null, burst("bob", T0, 4)); // four orders and four payments: not five orders
        produce("orders_a", null, tick(T0));
        awaitRead("fraud_a", 19);

        assertThat(deployed.status()).as(deployed.body().toString()).isEqualTo(201);
        assertThat(deployed.body().path("version").asInt()).isEqualTo(1);
        List<ConsumerRecord<String, String>> alerts = readAll("alerts_a");
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("alice");
            assertThat(header(alert, "ce_id")).startsWith("fraud_a/1/alice/e");
            assertThat(header(alert, "ce_type")).isEqualTo("fraud_a");
            assertThat(JSON.readTree(alert.value()))
                    .isEqualTo(JSON.readTree("{\"userId\":\"alice\",\"orders\":5,\"locations\":2}"));
        });
        JsonNode described = call("GET", "/fraud_a", null).body();
        assertThat(described.path("state").asText()).isEqualTo("RUNNING");
        assertThat(described.path("from").asText()).isEqualTo("earliest");
        assertThat(described.path("deployedBy").asText()).isEqualTo("rules-api-it");
        assertThat(described.path("metrics").path("eventsIn").asLong()).isEqualTo(19);
        assertThat(described.path("metrics").path("matchesOut").asLong()).isEqualTo(1);
        assertThat(described.path("metrics").path("lag").asLong()).isZero();
    }

    @Test
    void anIdenticalRedeployIsANoOpThatSaysSo() throws Exception {
        createTopics("orders_g");
        call("PUT", "/fraud_g", fraudRule("fraud_g", "orders_g", "alerts_g", 5));

        Answer again =
                call("POST", "", "-- the same rule, reformatted\n" + fraudRule("fraud_g", "orders_g", "alerts_g", 5));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("result").asText()).isEqualTo("unchanged");
        assertThat(again.body().path("version").asInt()).isEqualTo(1);
        assertThat(again.body().path("message").asText()).contains("unchanged");
    }

    @Test
    void aChangedRuleRunsAsVersionTwoFromNowWithoutTheEarlierEvents() throws Exception {
        createTopics("orders_b");
        call("PUT", "/fraud_b?from=earliest", fraudRule("fraud_b", "orders_b", "alerts_b", 5));
        produce("orders_b", null, burst("bob", T0, 3)); // three orders: an alert for version 2, not for version 1
        awaitRead("fraud_b", 6);

        Answer changed = call("PUT", "/fraud_b?from=now", fraudRule("fraud_b", "orders_b", "alerts_b", 3));
        awaitStarted("fraud_b", 2, "orders_b");
        produce("orders_b", null, burst("carol", T0 + 10_000, 3));
        produce("orders_b", null, tick(T0));
        awaitRead("fraud_b", 7);

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("result").asText()).isEqualTo("changed");
        assertThat(changed.body().path("version").asInt()).isEqualTo(2);
        assertThat(changed.body().path("from").asText()).isEqualTo("now");
        assertThat(readAll("alerts_b")).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("carol");
            assertThat(header(alert, "ce_id")).startsWith("fraud_b/2/carol/");
        });
    }

    @Test
    void aChangedRuleBackFillsFromAGivenTime() throws Exception {
        createTopics("orders_c");
        long now = System.currentTimeMillis();
        produce("orders_c", now - 7_200_000, burst("erin", T0, 3)); // written two hours ago
        produce("orders_c", now - 1_800_000, burst("frank", T0 + 10_000, 3)); // half an hour ago
        produce("orders_c", now - 1_800_000, tick(T0));
        call("PUT", "/fraud_c?from=earliest", fraudRule("fraud_c", "orders_c", "alerts_c", 50));
        awaitRead("fraud_c", 13);

        String oneHourAgo = Instant.ofEpochMilli(now - 3_600_000).toString();
        Answer changed = call("PUT", "/fraud_c?from=" + oneHourAgo, fraudRule("fraud_c", "orders_c", "alerts_c", 3));
        awaitRead("fraud_c", 7); // version 2 reads frank's orders and the tick only

        assertThat(changed.body().path("version").asInt()).isEqualTo(2);
        assertThat(changed.body().path("from").asText()).isEqualTo(oneHourAgo);
        assertThat(readAll("alerts_c")).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("frank");
            assertThat(header(alert, "ce_id")).startsWith("fraud_c/2/frank/");
        });
    }

    @Test
    void aPausedRuleWritesNothingAndResumesWhereItStopped() throws Exception {
        createTopics("orders_d");
        call("PUT", "/fraud_d?from=now", fraudRule("fraud_d", "orders_d", "alerts_d", 3));
        awaitStarted(
                "fraud_d", 1, "orders_d"); // "now" is fixed: a resume must continue from there, not from a later now

        Answer paused = call("POST", "/fraud_d/pause", null);
        produce("orders_d", null, burst("gina", T0, 3));
        produce("orders_d", null, tick(T0));
        List<ConsumerRecord<String, String>> whilePaused = readAll("alerts_d");
        Answer resumed = call("POST", "/fraud_d/resume", null);
        awaitRead("fraud_d", 7);

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().path("state").asText()).isEqualTo("PAUSED");
        assertThat(paused.body().path("runningHere").asBoolean()).isFalse();
        assertThat(whilePaused).isEmpty();
        assertThat(resumed.body().path("state").asText()).isEqualTo("RUNNING");
        assertThat(resumed.body().path("version").asInt()).isEqualTo(1);
        assertThat(readAll("alerts_d"))
                .singleElement()
                .satisfies(alert -> assertThat(header(alert, "ce_id")).startsWith("fraud_d/1/gina/"));
    }

    @Test
    void aDroppedRuleStopsWritingAndLeavesTheList() throws Exception {
        createTopics("orders_e");
        call("PUT", "/fraud_e?from=earliest", fraudRule("fraud_e", "orders_e", "alerts_e", 3));
        produce("orders_e", null, burst("hugo", T0, 3));
        produce("orders_e", null, tick(T0));
        awaitRead("fraud_e", 7);

        Answer dropped = call("DELETE", "/fraud_e", null);
        produce("orders_e", null, burst("ines", T0 + 7_200_000, 3));
        produce("orders_e", null, tick(T0 + 7_200_000));
        // a filter rule over the same topic proves the new events were there to be read
        call("PUT", "/probe_e?from=earliest", "CREATE RULE probe_e FROM orders_e SELECT * INTO probe_e");
        awaitRead("probe_e", 14);

        assertThat(dropped.status()).isEqualTo(200);
        assertThat(dropped.body().path("result").asText()).isEqualTo("dropped");
        assertThat(call("GET", "/fraud_e", null).status()).isEqualTo(404);
        assertThat(call("GET", "", null).body().findValuesAsText("name")).doesNotContain("fraud_e");
        assertThat(readAll("alerts_e"))
                .singleElement()
                .satisfies(alert -> assertThat(alert.key()).isEqualTo("hugo"));
    }

    @Test
    void aRuleDeployedAgainAfterItsDropStartsAfreshAsVersionOne() throws Exception {
        createTopics("orders_f");
        call("PUT", "/fraud_f?from=earliest", fraudRule("fraud_f", "orders_f", "alerts_f", 3));
        produce("orders_f", null, burst("jane", T0, 3));
        produce("orders_f", null, tick(T0)); // the windows close: the runner commits its replay point
        awaitRead("fraud_f", 7);
        awaitStarted("fraud_f", 1, "orders_f"); // a group resumed from that commit would skip those records

        call("DELETE", "/fraud_f", null);
        Answer again = call("PUT", "/fraud_f?from=earliest", fraudRule("fraud_f", "orders_f", "alerts_f", 3));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("version").asInt()).isEqualTo(1);
        awaitRead("fraud_f", 7); // the dropped rule's group was deleted: the new one reads from the beginning
    }

    @Test
    void aRuleThatDoesNotParseIsRefusedWithItsLineAndColumn() throws Exception {
        Answer broken = call("PUT", "/broken", "CREATE RULE broken\nFROM orders WINDOW RANGE soon SELECT * INTO x");

        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().path("error").asText()).isEqualTo("syntax");
        assertThat(broken.body().path("line").asInt()).isEqualTo(2);
        assertThat(broken.body().path("column").asInt()).isEqualTo(26);
        assertThat(broken.body().path("expected").asText()).contains("duration");
        assertThat(call("GET", "/broken", null).status()).isEqualTo(404);
    }

    @Test
    void aRuleThatCannotRunIsRefusedWith422AndTheReason() throws Exception {
        Answer unbounded = call(
                "POST",
                "",
                "CREATE RULE unbounded FROM t MATCH PATTERN (a -> b+) DEFINE a AS x = 1 SELECT a.x AS x INTO out");

        assertThat(unbounded.status()).isEqualTo(422);
        assertThat(unbounded.body().path("message").asText()).contains("WITHIN");
    }

    @Test
    void aPutWhoseNameDiffersFromTheTextsIsRefused() throws Exception {
        Answer mismatch = call("PUT", "/other", "CREATE RULE named FROM t SELECT * INTO o");

        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body().path("message").asText())
                .isEqualTo("the text defines rule named but the URL names other; make them agree");
        assertThat(call("GET", "/named", null).status()).isEqualTo(404);
    }

    @Test
    void aStartPointThatIsNotOneIsRefusedWithTheAcceptedForms() throws Exception {
        Answer bad = call("POST", "?from=yesterday", "CREATE RULE badfrom FROM t SELECT * INTO o");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("message").asText()).contains("'yesterday'").contains("now, earliest");
    }

    @Test
    void anUnknownRuleIs404ForEveryOperation() throws Exception {
        assertThat(call("POST", "/nobody/pause", null).status()).isEqualTo(404);
        assertThat(call("POST", "/nobody/resume", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/nobody", null).status()).isEqualTo(404);
        assertThat(call("GET", "/nobody", null).body().path("message").asText()).contains("nobody");
    }

    // ---- start offsets

    private static List<Long> numbers(String topic) throws Exception {
        List<Long> numbers = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll(topic)) {
            numbers.add(JSON.readTree(record.value()).path("n").asLong());
        }
        return numbers;
    }

    private static String query(String from) {
        return "?from=" + java.net.URLEncoder.encode(from, StandardCharsets.UTF_8);
    }

    @Test
    void aChangedRuleStartsFromAGivenOffsetAndReadsExactlyTheRecordsFromThere() throws Exception {
        createTopics("numbers_h");
        server.produceNumbers("numbers_h", 0, 0, 10);
        call("PUT", "/copy_h?from=earliest", "CREATE RULE copy_h FROM numbers_h SELECT * INTO copy_h_v1");
        awaitRead("copy_h", 10);

        Answer changed =
                call("PUT", "/copy_h" + query("offset:6"), "CREATE RULE copy_h FROM numbers_h SELECT n INTO copy_h_v2");
        awaitStarted("copy_h", 2, "numbers_h");
        server.produceNumbers("numbers_h", 0, 10, 2);
        awaitRead("copy_h", 6);

        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.body().path("version").asInt()).isEqualTo(2);
        assertThat(changed.body().path("from").asText()).isEqualTo("offset:6");
        assertThat(numbers("copy_h_v1")).hasSize(10);
        assertThat(numbers("copy_h_v2")).containsExactly(6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void perPartitionOffsetsStartTheListedPartitionsThereAndTheOthersAtTheBeginning() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("numbers_i", Optional.of(3), Optional.empty())))
                    .all()
                    .get();
        }
        server.produceNumbers("numbers_i", 0, 0, 5); // 0..4 at offsets 0..4
        server.produceNumbers("numbers_i", 1, 100, 5); // 100..104 at offsets 0..4
        server.produceNumbers("numbers_i", 2, 200, 5); // 200..204 at offsets 0..4

        // partition 1 from offset 3; partition 2 past its end (moved to its log end offset); partition 0 not listed
        Answer deployed = call(
                "PUT",
                "/copy_i" + query("numbers_i:1=3,numbers_i:2=999"),
                "CREATE RULE copy_i FROM numbers_i SELECT n INTO copy_i_out");
        awaitRead("copy_i", 7);

        assertThat(deployed.status()).as(deployed.body().toString()).isEqualTo(201);
        assertThat(deployed.body().path("from").asText()).isEqualTo("numbers_i:1=3,numbers_i:2=999");
        assertThat(numbers("copy_i_out")).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 103L, 104L);
    }

    @Test
    void aBadStartOffsetIsRefusedWith400NamingWhatIsWrong() throws Exception {
        createTopics("numbers_j");
        String rule = "CREATE RULE copy_j FROM numbers_j SELECT * INTO copy_j_out";

        Answer syntax = call("PUT", "/copy_j" + query("numbers_j:zero=5"), rule);
        Answer negative = call("PUT", "/copy_j" + query("offset:-1"), rule);
        Answer otherTopic = call("PUT", "/copy_j" + query("numbers_j:0=1,payments:0=1"), rule);
        Answer noSuchPartition = call("PUT", "/copy_j" + query("numbers_j:4=1"), rule);

        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.body().path("message").asText())
                .contains("'numbers_j:zero=5'")
                .contains("the partition must be an integer >= 0, was 'zero'");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().path("message").asText()).contains("integer >= 0, was '-1'");
        assertThat(otherTopic.status()).isEqualTo(400);
        assertThat(otherTopic.body().path("message").asText())
                .contains("names topic payments, which rule copy_j does not read");
        assertThat(noSuchPartition.status()).isEqualTo(400);
        assertThat(noSuchPartition.body().path("message").asText())
                .contains("names partition numbers_j-4, but topic numbers_j has 1 partition(s)");
        assertThat(call("GET", "/copy_j", null).status()).isEqualTo(404);
    }

    @Test
    void aRuleWhoseRunnerCannotStartShowsWhyHowOftenAndWhenItIsTriedAgain() throws Exception {
        Answer deployed = call("PUT", "/unwritable", "CREATE RULE unwritable FROM t SELECT * INTO `no spaces allowed`");

        Answer described = call("GET", "/unwritable", null);

        assertThat(deployed.status()).isEqualTo(201);
        assertThat(described.body().path("runningHere").asBoolean()).isFalse();
        assertThat(described.body().path("failure").asText()).contains("no spaces allowed");
        assertThat(described.body().path("failedAttempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(Instant.parse(described.body().path("nextRestartAt").asText()))
                .isAfter(Instant.parse(described.body().path("deployedAt").asText()));
        call("DELETE", "/unwritable", null);
    }
}
