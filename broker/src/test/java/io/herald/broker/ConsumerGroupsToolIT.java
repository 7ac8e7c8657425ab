package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's {@code kafka-consumer-groups} (kafka-tools 4.4.0's {@code ConsumerGroupCommand}, in a child JVM) against a
 * Herald broker: listing, describing offsets, members and state, resetting offsets, deleting groups and offsets. Every
 * assertion reads the tool's own output, parsed by its columns, or the offsets Admin reads back afterwards.
 *
 * <p>Groups are set up with kafka-clients: an inactive group by a consumer that commits explicit offsets
 * ({@code commitSync(Map)}) and closes; a live group by a subscribed consumer that stays open (its heartbeat thread
 * keeps it a member) while the tool runs.
 */
@Timeout(300)
class ConsumerGroupsToolIT {
    private static final String TOOL = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final DateTimeFormatter TOOL_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @TempDir
    Path workDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(
                        Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "group.initial.rebalance.delay.ms", "0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void listShowsEveryGroupThatCommittedOffsets() throws Exception {
        createTopic("orders", 1);
        produce("orders", 0, 3);
        commit("billing", Map.of(tp("orders", 0), 1L));
        commit("shipping", Map.of(tp("orders", 0), 2L));

        List<String> listed = groups("--list").stdoutLines();

        assertThat(listed).containsExactlyInAnyOrder("billing", "shipping");
    }

    @Test
    void describeShowsCurrentOffsetLogEndOffsetAndLagOfEachCommittedPartition() throws Exception {
        createTopic("orders", 3);
        produce("orders", 0, 10);
        produce("orders", 1, 20);
        produce("orders", 2, 30);
        commit("billing", Map.of(tp("orders", 0), 4L, tp("orders", 1), 20L, tp("orders", 2), 0L));

        ChildProcess.Result described = groups("--describe", "--group", "billing");

        assertThat(described.stderr()).contains("Consumer group 'billing' has no active members.");
        assertThat(table(described.stdout(), "GROUP"))
                .extracting(row -> String.join(
                        " ",
                        row.get("GROUP"),
                        row.get("TOPIC"),
                        row.get("PARTITION"),
                        row.get("CURRENT-OFFSET"),
                        row.get("LOG-END-OFFSET"),
                        row.get("LAG"),
                        row.get("CONSUMER-ID"),
                        row.get("HOST"),
                        row.get("CLIENT-ID")))
                .containsExactlyInAnyOrder(
                        "billing orders 0 4 10 6 - - -",
                        "billing orders 1 20 20 0 - - -",
                        "billing orders 2 0 30 30 - - -");
    }

    @Test
    void describeOfAnUnknownGroupReportsThatItDoesNotExist() throws Exception {
        ChildProcess.Result described =
                KafkaTool.runAnyExit(workDir, TOOL, "", withBootstrap("--describe", "--group", "nobody"));

        // KIP-1043: DescribeGroups v6 answers an unknown group with GROUP_ID_NOT_FOUND, which Admin throws
        assertThat(described.stdout())
                .contains("Error: Executing consumer group command failed due to")
                .contains("GroupIdNotFoundException");
    }

    @Test
    void describeOfALiveGroupShowsTheConsumerOwningEachPartition() throws Exception {
        createTopic("orders", 2);
        produce("orders", 0, 5);
        produce("orders", 1, 7);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 2)) {
            live.commitSync(
                    Map.of(tp("orders", 0), new OffsetAndMetadata(5), tp("orders", 1), new OffsetAndMetadata(3)));
            ChildProcess.Result described = groups("--describe", "--group", "billing");

            assertThat(table(described.stdout(), "GROUP"))
                    .extracting(row -> String.join(
                            " ",
                            row.get("TOPIC"),
                            row.get("PARTITION"),
                            row.get("CURRENT-OFFSET"),
                            row.get("LOG-END-OFFSET"),
                            row.get("LAG"),
                            row.get("CONSUMER-ID").startsWith("live-billing-")
                                    ? "live-billing-*"
                                    : row.get("CONSUMER-ID"),
                            row.get("HOST"),
                            row.get("CLIENT-ID")))
                    .containsExactlyInAnyOrder(
                            "orders 0 5 5 0 live-billing-* /127.0.0.1 live-billing",
                            "orders 1 3 7 4 live-billing-* /127.0.0.1 live-billing");
        }
    }

    @Test
    void describeMembersShowsTheLiveConsumerAndItsPartitions() throws Exception {
        createTopic("orders", 3);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 3)) {
            ChildProcess.Result described = groups("--describe", "--group", "billing", "--members", "--verbose");

            assertThat(table(described.stdout(), "GROUP")).singleElement().satisfies(row -> {
                assertThat(row.get("GROUP")).isEqualTo("billing");
                assertThat(row.get("CONSUMER-ID")).startsWith("live-billing-");
                assertThat(row.get("HOST")).isEqualTo("/127.0.0.1");
                assertThat(row.get("CLIENT-ID")).isEqualTo("live-billing");
                assertThat(row.get("#PARTITIONS")).isEqualTo("3");
                assertThat(row.get("CURRENT-ASSIGNMENT")).isEqualTo("orders:0,1,2");
                // epochs and a target assignment belong to the consumer protocol (KIP-848); a classic group has none
                assertThat(row.get("CURRENT-EPOCH")).isEqualTo("-");
                assertThat(row.get("TARGET-ASSIGNMENT")).isEqualTo("-");
            });
        }
    }

    @Test
    void describeStateShowsTheCoordinatorStrategyStateAndMemberCount() throws Exception {
        createTopic("orders", 1);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 1)) {
            ChildProcess.Result described = groups("--describe", "--group", "billing", "--state");

            assertThat(table(described.stdout(), "GROUP")).singleElement().satisfies(row -> {
                assertThat(row.get("GROUP")).isEqualTo("billing");
                assertThat(row.get("COORDINATOR (ID)"))
                        .isEqualTo(broker.bootstrapServers() + "  ("
                                + broker.config().nodeId() + ")");
                assertThat(row.get("ASSIGNMENT-STRATEGY")).isEqualTo("range");
                assertThat(row.get("STATE")).isEqualTo("Stable");
                assertThat(row.get("#MEMBERS")).isEqualTo("1");
            });
        }
    }

    @Test
    void resetToEarliestMovesAnInactiveGroupToTheLogStartOffsets() throws Exception {
        givenInactiveGroupAtFiveOfTen("billing");

        ChildProcess.Result reset =
                groups("--reset-offsets", "--group", "billing", "--topic", "orders", "--to-earliest", "--execute");

        assertThat(newOffsets(reset)).containsExactlyInAnyOrder("orders 0 0", "orders 1 0");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 0L, "orders-1", 0L));
    }

    @Test
    void resetToLatestMovesAnInactiveGroupToTheLogEndOffsets() throws Exception {
        givenInactiveGroupAtFiveOfTen("billing");
        produce("orders", 1, 4);

        ChildProcess.Result reset =
                groups("--reset-offsets", "--group", "billing", "--topic", "orders", "--to-latest", "--execute");

        assertThat(newOffsets(reset)).containsExactlyInAnyOrder("orders 0 10", "orders 1 14");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 10L, "orders-1", 14L));
    }

    @Test
    void resetToDatetimeMovesToTheFirstRecordAtOrAfterIt() throws Exception {
        createTopic("orders", 1);
        // whole seconds in the recent past: record i has timestamp base + i s
        Instant base = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        produceWithTimestamps("orders", 0, base, 10);
        commit("billing", Map.of(tp("orders", 0), 9L));
        String datetime = TOOL_DATETIME.format(base.plusMillis(6500));

        ChildProcess.Result reset = groups(
                "--reset-offsets", "--group", "billing", "--topic", "orders", "--to-datetime", datetime, "--execute");

        assertThat(newOffsets(reset)).containsExactly("orders 0 7");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 7L));
    }

    @Test
    void resetShiftByMovesEachPartitionBackClampedAtTheLogStart() throws Exception {
        createTopic("orders", 2);
        produce("orders", 0, 10);
        produce("orders", 1, 10);
        commit("billing", Map.of(tp("orders", 0), 8L, tp("orders", 1), 2L));

        ChildProcess.Result reset =
                groups("--reset-offsets", "--group", "billing", "--topic", "orders", "--shift-by", "-3", "--execute");

        assertThat(newOffsets(reset)).containsExactlyInAnyOrder("orders 0 5", "orders 1 0");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 5L, "orders-1", 0L));
    }

    @Test
    void resetOfALiveGroupIsRefusedAndChangesNothing() throws Exception {
        createTopic("orders", 1);
        produce("orders", 0, 10);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 1)) {
            live.commitSync(Map.of(tp("orders", 0), new OffsetAndMetadata(6)));

            ChildProcess.Result reset = KafkaTool.runAnyExit(
                    workDir,
                    TOOL,
                    "",
                    withBootstrap(
                            "--reset-offsets",
                            "--group",
                            "billing",
                            "--topic",
                            "orders",
                            "--to-earliest",
                            "--execute"));

            assertThat(reset.stdout() + reset.stderr())
                    .contains("Assignments can only be reset if the group 'billing' is inactive, but the current state"
                            + " is Stable.");
            assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 6L));
        }
    }

    @Test
    void deleteRemovesAnInactiveGroupFromTheList() throws Exception {
        givenInactiveGroupAtFiveOfTen("billing");
        commit("shipping", Map.of(tp("orders", 0), 1L));

        ChildProcess.Result deleted = groups("--delete", "--group", "billing");

        assertThat(deleted.stdout()).contains("Deletion of requested consumer groups ('billing') was successful.");
        assertThat(groups("--list").stdoutLines()).containsExactly("shipping");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEmpty();
    }

    @Test
    void deleteOfALiveGroupFailsBecauseItIsNotEmpty() throws Exception {
        createTopic("orders", 1);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 1)) {
            ChildProcess.Result deleted =
                    KafkaTool.runAnyExit(workDir, TOOL, "", withBootstrap("--delete", "--group", "billing"));

            assertThat(deleted.stdout())
                    .contains("Error: Deletion of some consumer groups failed:")
                    .contains("* Group 'billing' could not be deleted due to:")
                    .contains("GroupNotEmptyException: The group is not empty.");
            assertThat(groups("--list").stdoutLines()).containsExactly("billing");
        }
    }

    @Test
    void deleteOffsetsRemovesOneTopicsOffsetsAndKeepsTheOthers() throws Exception {
        createTopic("orders", 2);
        createTopic("refunds", 1);
        produce("orders", 0, 3);
        produce("refunds", 0, 3);
        commit("billing", Map.of(tp("orders", 0), 1L, tp("orders", 1), 0L, tp("refunds", 0), 2L));

        ChildProcess.Result deleted = groups("--delete-offsets", "--group", "billing", "--topic", "orders");

        assertThat(deleted.stdout()).contains("Request succeeded for deleting offsets from group billing.");
        assertThat(table(deleted.stdout(), "TOPIC"))
                .extracting(row -> row.get("TOPIC") + " " + row.get("PARTITION") + " " + row.get("STATUS"))
                .containsExactlyInAnyOrder("orders 0 Successful", "orders 1 Successful");
        assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("refunds-0", 2L));
    }

    @Test
    void deleteOffsetsOfATopicALiveMemberSubscribesToIsRefused() throws Exception {
        createTopic("orders", 1);
        produce("orders", 0, 3);

        try (KafkaConsumer<String, String> live = liveConsumer("billing", "orders", 1)) {
            live.commitSync(Map.of(tp("orders", 0), new OffsetAndMetadata(2)));

            ChildProcess.Result deleted = KafkaTool.runAnyExit(
                    workDir, TOOL, "", withBootstrap("--delete-offsets", "--group", "billing", "--topic", "orders"));

            assertThat(deleted.stdout()).contains("Encountered some partition-level error, see the follow-up details.");
            assertThat(table(deleted.stdout(), "TOPIC"))
                    .extracting(row -> row.get("TOPIC") + " " + row.get("PARTITION") + " " + row.get("STATUS"))
                    .containsExactly(
                            "orders 0 Error: org.apache.kafka.common.errors.GroupSubscribedToTopicException: Deleting offsets of"
                                    + " a topic is forbidden while the consumer group is actively subscribed to it.");
            assertThat(JavaClients.committedOffsets(broker, "billing")).isEqualTo(Map.of("orders-0", 2L));
        }
    }

    /** Topic {@code orders} with two partitions of 10 records, and {@code group} committed at 5 on both, then gone. */
    private void givenInactiveGroupAtFiveOfTen(String group) throws Exception {
        createTopic("orders", 2);
        produce("orders", 0, 10);
        produce("orders", 1, 10);
        commit(group, Map.of(tp("orders", 0), 5L, tp("orders", 1), 5L));
    }

    /** The reset table (GROUP TOPIC PARTITION NEW-OFFSET) as "topic partition offset" lines. */
    private static List<String> newOffsets(ChildProcess.Result reset) {
        return table(reset.stdout(), "GROUP").stream()
                .map(row -> row.get("TOPIC") + " " + row.get("PARTITION") + " " + row.get("NEW-OFFSET"))
                .toList();
    }

    private ChildProcess.Result groups(String... args) throws Exception {
        return KafkaTool.run(workDir, TOOL, "", withBootstrap(args));
    }

    private String[] withBootstrap(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /**
     * The first table in {@code output} whose header line starts with {@code firstColumn}: one map per row, column name
     * to value. The tool prints header and rows with one fixed-width format, so a column's values start where its name
     * starts; names are separated by at least two spaces ({@code COORDINATOR (ID)} is one name), and the last column
     * runs to the end of the line. The table ends at a blank line.
     */
    static List<Map<String, String>> table(String output, String firstColumn) {
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (lines.get(i).startsWith(firstColumn + " ")) header = i;
        }
        if (header < 0) return fail("no table with a %s column in:%n%s", firstColumn, output);
        String headerLine = lines.get(header).stripTrailing();
        List<String> names = List.of(headerLine.split("\\s{2,}"));
        List<Integer> starts = new ArrayList<>();
        int from = 0;
        for (String name : names) {
            int at = headerLine.indexOf(name, from);
            starts.add(at);
            from = at + name.length();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = header + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            String line = lines.get(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                int start = starts.get(c);
                if (start > 0 && start <= line.length() && line.charAt(start - 1) != ' ') {
                    fail("column %s of %s is not where its header is:%n%s", names.get(c), line, output);
                }
                int end = c + 1 < names.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
                row.put(names.get(c), start < end ? line.substring(start, end).strip() : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private void createTopic(String topic, int partitions) {
        broker.topics().create(topic, partitions, (short) 1, Map.of(), false);
    }

    private void produce(String topic, int partition, int count) throws Exception {
        produceWithTimestamps(topic, partition, null, count);
    }

    /** Sends {@code count} records to one partition; with a {@code base}, record i is stamped base + i seconds. */
    private void produceWithTimestamps(String topic, int partition, Instant base, int count)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(JavaClients.producerProps(broker, "none"))) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Long timestamp = base == null ? null : base.plusSeconds(i).toEpochMilli();
                acks.add(producer.send(new ProducerRecord<>(topic, partition, timestamp, "k" + i, "v" + i)));
            }
            for (Future<?> ack : acks) ack.get();
        }
    }

    /** Commits {@code offsets} for {@code group} without joining it (generation -1), as an admin would, and leaves. */
    private void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(group))) {
            consumer.commitSync(committed);
        }
    }

    /**
     * A consumer subscribed to {@code topic} in {@code group}, polled until it owns {@code partitions} partitions (it
     * is then the group's one Stable member). Its heartbeat thread keeps it in the group until it is closed.
     */
    private KafkaConsumer<String, String> liveConsumer(String group, String topic, int partitions) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(group));
        try {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.assignment().size() < partitions) {
                if (System.nanoTime() > deadline) fail("the consumer was never assigned %d partitions", partitions);
                consumer.poll(Duration.ofMillis(100));
            }
            return consumer;
        } catch (RuntimeException | Error e) {
            consumer.close();
            throw e;
        }
    }

    private Properties consumerProps(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "live-" + group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return p;
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
