package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald groups} against an in-process broker, with groups made by real {@link KafkaConsumer}s that join and
 * commit. Each test uses its own topic and group. What the commands changed is checked through the Admin client, not
 * through the commands themselves.
 */
@Timeout(120)
class GroupsCommandIT {
    private static final String NL = System.lineSeparator();

    @TempDir
    static Path dataDir;

    static Broker broker;
    static HeraldCli cli;
    static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "num.partitions", "3",
                        "group.initial.rebalance.delay.ms", "0"))
                .withDataDir(dataDir));
        cli = HeraldCli.create().withEnvironment(Map.of("HERALD_BOOTSTRAP_SERVER", broker.bootstrapServers()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) admin.close();
        if (broker != null) broker.close();
    }

    // list

    @Test
    void listShowsEachGroupWithTypeStateAndProtocolType() throws Exception {
        createTopic("listed", 1);
        givenEmptyGroup("listed-empty", "listed", Map.of(0, 0L));
        KafkaConsumer<String, String> live = joined("listed-live", "listed", "listed-client");
        try {
            Result listed = cli.run("groups", "list");

            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(words(listed.out())).first().isEqualTo("GROUP TYPE STATE PROTOCOL-TYPE");
            assertThat(words(listed.out()))
                    .contains("listed-empty Classic Empty consumer", "listed-live Classic Stable consumer");
        } finally {
            live.close();
        }
    }

    @Test
    void listWithStateShowsOnlyGroupsInThatState() throws Exception {
        createTopic("filtered", 1);
        givenEmptyGroup("filtered-empty", "filtered", Map.of(0, 0L));
        KafkaConsumer<String, String> live = joined("filtered-live", "filtered", "filtered-client");
        try {
            Result listed = cli.run("groups", "list", "--state", "stable");

            assertThat(words(listed.out())).contains("filtered-live Classic Stable consumer");
            assertThat(listed.out()).doesNotContain("filtered-empty");
        } finally {
            live.close();
        }
    }

    // describe

    @Test
    void describeShowsCommittedOffsetLogEndOffsetLagAndOwnerOfEachPartition() throws Exception {
        createTopic("lagging", 3);
        produce("lagging", 0, 10);
        produce("lagging", 1, 4);
        try (KafkaConsumer<String, String> live = joined("lag-readers", "lagging", "lag-reader")) {
            live.commitSync(Map.of(
                    new TopicPartition("lagging", 0), new OffsetAndMetadata(7),
                    new TopicPartition("lagging", 1), new OffsetAndMetadata(4)));
            String member = live.groupMetadata().memberId();

            Result described = cli.run("groups", "describe", "lag-readers");

            assertThat(described.exitCode()).as(described.err()).isZero();
            assertThat(words(described.out()))
                    .containsExactly(
                            "GROUP STATE TYPE ASSIGNMENT-STRATEGY #MEMBERS",
                            "lag-readers Stable Classic range 1",
                            "",
                            "GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID",
                            "lag-readers lagging 0 7 10 3 " + member + " /127.0.0.1 lag-reader",
                            "lag-readers lagging 1 4 4 0 " + member + " /127.0.0.1 lag-reader",
                            "lag-readers lagging 2 - 0 - " + member + " /127.0.0.1 lag-reader",
                            "",
                            "GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS",
                            "lag-readers " + member + " /127.0.0.1 lag-reader 3");
        }
    }

    @Test
    void describeOfAGroupWithoutMembersShowsItsOffsetsAndSaysItHasNoMembers() throws Exception {
        createTopic("abandoned", 2);
        produce("abandoned", 1, 5);
        givenEmptyGroup("abandoners", "abandoned", Map.of(1, 2L));

        Result described = cli.run("groups", "describe", "abandoners");

        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(words(described.out()))
                .containsExactly(
                        "GROUP STATE TYPE ASSIGNMENT-STRATEGY #MEMBERS",
                        "abandoners Empty Classic - 0",
                        "",
                        "GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID",
                        "abandoners abandoned 1 2 5 3 - - -");
        assertThat(described.err())
                .isEqualTo("herald groups describe: consumer group 'abandoners' has no active members" + NL);
    }

    @Test
    void describeOfAGroupWithNeitherMembersNorCommittedOffsetsSaysSo() throws Exception {
        createTopic("untouched", 1);
        joined("idlers", "untouched", "idler").close(); // leaves without committing
        awaitState("idlers", GroupState.EMPTY);

        Result described = cli.run("groups", "describe", "idlers");

        assertThat(described.exitCode()).isZero();
        assertThat(described.err())
                .isEqualTo("herald groups describe: consumer group 'idlers' has no active members and no committed"
                        + " offsets" + NL);
    }

    @Test
    void describeOfAnUnknownGroupSaysItDoesNotExist() {
        Result described = cli.run("groups", "describe", "nobody");

        assertThat(described.exitCode()).isEqualTo(1);
        assertThat(described.out()).isEmpty();
        assertThat(described.err())
                .isEqualTo("herald groups describe: consumer group 'nobody' does not exist on "
                        + broker.bootstrapServers() + "; see the groups with: herald groups list" + NL);
    }

    // reset

    @Test
    void resetWithoutExecutePrintsThePlanAndChangesNothing() throws Exception {
        createTopic("dry", 1);
        produce("dry", 0, 10);
        givenEmptyGroup("dry-runners", "dry", Map.of(0, 5L));

        Result planned = cli.run("groups", "reset", "dry-runners", "--topic", "dry", "--to-earliest");

        assertThat(planned.exitCode()).as(planned.err()).isZero();
        assertThat(words(planned.out()))
                .containsExactly("GROUP TOPIC PARTITION CURRENT-OFFSET NEW-OFFSET", "dry-runners dry 0 5 0");
        assertThat(planned.err()).contains("Dry run: nothing changed. Add --execute to commit these offsets.");
        assertThat(committed("dry-runners")).isEqualTo(Map.of(new TopicPartition("dry", 0), 5L));
    }

    @Test
    void resetToEarliestMovesToTheLogStartOffset() throws Exception {
        createTopic("earliest", 1);
        produce("earliest", 0, 10);
        admin.deleteRecords(Map.of(new TopicPartition("earliest", 0), RecordsToDelete.beforeOffset(2)))
                .all()
                .get();
        givenEmptyGroup("rewinders", "earliest", Map.of(0, 5L));

        Result reset = cli.run("groups", "reset", "rewinders", "--topic", "earliest", "--to-earliest", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(words(reset.out())).contains("rewinders earliest 0 5 2");
        assertThat(reset.err()).contains("Committed the new offsets of 1 partition for group rewinders.");
        assertThat(committed("rewinders")).isEqualTo(Map.of(new TopicPartition("earliest", 0), 2L));
    }

    @Test
    void resetToLatestMovesToTheLogEndOffset() throws Exception {
        createTopic("latest", 1);
        produce("latest", 0, 10);
        givenEmptyGroup("skippers", "latest", Map.of(0, 5L));

        Result reset = cli.run("groups", "reset", "skippers", "--topic", "latest", "--to-latest", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("skippers")).isEqualTo(Map.of(new TopicPartition("latest", 0), 10L));
    }

    @Test
    void resetToOffsetMovesToThatOffset() throws Exception {
        createTopic("exact", 1);
        produce("exact", 0, 10);
        givenEmptyGroup("exacts", "exact", Map.of(0, 5L));

        Result reset = cli.run("groups", "reset", "exacts", "--topic", "exact", "--to-offset", "3", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("exacts")).isEqualTo(Map.of(new TopicPartition("exact", 0), 3L));
    }

    @Test
    void resetToOffsetPastTheLogEndMovesToTheLogEndAndSaysSo() throws Exception {
        createTopic("beyond", 1);
        produce("beyond", 0, 10);
        givenEmptyGroup("overreachers", "beyond", Map.of(0, 5L));

        Result reset =
                cli.run("groups", "reset", "overreachers", "--topic", "beyond", "--to-offset", "99", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.err())
                .contains("herald groups reset: offset 99 is past the log end offset of beyond-0; using 10");
        assertThat(committed("overreachers")).isEqualTo(Map.of(new TopicPartition("beyond", 0), 10L));
    }

    @Test
    void resetShiftByMovesFromTheCommittedOffset() throws Exception {
        createTopic("shifted", 2);
        produce("shifted", 0, 10);
        produce("shifted", 1, 10);
        givenEmptyGroup("shifters", "shifted", Map.of(0, 5L, 1, 8L));

        Result reset = cli.run("groups", "reset", "shifters", "--topic", "shifted", "--shift-by", "-2", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("shifters"))
                .isEqualTo(Map.of(new TopicPartition("shifted", 0), 3L, new TopicPartition("shifted", 1), 6L));
    }

    @Test
    void resetShiftByOfAPartitionWithoutCommittedOffsetFails() throws Exception {
        createTopic("half-committed", 2);
        produce("half-committed", 0, 10);
        givenEmptyGroup("half-committers", "half-committed", Map.of(0, 5L));

        Result reset = cli.run(
                "groups", "reset", "half-committers", "--topic", "half-committed", "--shift-by", "1", "--execute");

        assertThat(reset.exitCode()).isEqualTo(1);
        assertThat(reset.err())
                .isEqualTo("herald groups reset: cannot shift half-committed-1 by 1: the group has no committed"
                        + " offset there; give it one with --to-earliest, --to-latest or --to-offset" + NL);
        assertThat(committed("half-committers")).isEqualTo(Map.of(new TopicPartition("half-committed", 0), 5L));
    }

    @Test
    void resetToDatetimeMovesToTheFirstRecordAtOrAfterIt() throws Exception {
        createTopic("dated", 1);
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 10; i++) produceAt("dated", 0, base.plusSeconds(i));
        givenEmptyGroup("time-travellers", "dated", Map.of(0, 9L));

        Result reset = cli.run(
                "groups",
                "reset",
                "time-travellers",
                "--topic",
                "dated",
                "--to-datetime",
                base.plusMillis(4_500).toString(),
                "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("time-travellers")).isEqualTo(Map.of(new TopicPartition("dated", 0), 5L));
    }

    @Test
    void resetByDurationMovesToTheFirstRecordAtOrAfterThatLongAgo() throws Exception {
        createTopic("hourly", 1);
        Instant now = Instant.now();
        // offsets 0..9 written 10 hours ago .. 1 hour ago
        for (int i = 0; i < 10; i++) produceAt("hourly", 0, now.minus(Duration.ofHours(10 - i)));
        givenEmptyGroup("replayers", "hourly", Map.of(0, 9L));

        Result reset =
                cli.run("groups", "reset", "replayers", "--topic", "hourly", "--by-duration", "PT5H30M", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("replayers")).isEqualTo(Map.of(new TopicPartition("hourly", 0), 5L));
    }

    @Test
    void resetOfNamedPartitionsLeavesTheOthers() throws Exception {
        createTopic("partial", 3);
        for (int p = 0; p < 3; p++) produce("partial", p, 10);
        givenEmptyGroup("partials", "partial", Map.of(0, 5L, 1, 5L, 2, 5L));

        Result reset = cli.run("groups", "reset", "partials", "--topic", "partial:0,2", "--to-latest", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("partials"))
                .isEqualTo(Map.of(
                        new TopicPartition("partial", 0), 10L,
                        new TopicPartition("partial", 1), 5L,
                        new TopicPartition("partial", 2), 10L));
    }

    @Test
    void resetOfAllTopicsMovesEveryCommittedPartition() throws Exception {
        createTopic("all-a", 1);
        createTopic("all-b", 1);
        produce("all-a", 0, 4);
        produce("all-b", 0, 6);
        givenEmptyGroup("all-readers", "all-a", Map.of(0, 1L));
        givenEmptyGroup("all-readers", "all-b", Map.of(0, 1L));

        Result reset = cli.run("groups", "reset", "all-readers", "--all-topics", "--to-latest", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(committed("all-readers"))
                .isEqualTo(Map.of(new TopicPartition("all-a", 0), 4L, new TopicPartition("all-b", 0), 6L));
    }

    @Test
    void resetOfAGroupWithMembersIsRefusedAndChangesNothing() throws Exception {
        createTopic("busy", 1);
        produce("busy", 0, 10);
        try (KafkaConsumer<String, String> live = joined("busy-readers", "busy", "busy-reader")) {
            live.commitSync(Map.of(new TopicPartition("busy", 0), new OffsetAndMetadata(5)));

            Result reset = cli.run("groups", "reset", "busy-readers", "--topic", "busy", "--to-earliest", "--execute");

            assertThat(reset.exitCode()).isEqualTo(1);
            assertThat(reset.out()).isEmpty();
            assertThat(reset.err())
                    .isEqualTo("herald groups reset: consumer group 'busy-readers' has 1 active member (state"
                            + " Stable), whose commits would overwrite the reset; stop the group's consumers first"
                            + " (see them with: herald groups describe busy-readers)" + NL);
            assertThat(committed("busy-readers")).isEqualTo(Map.of(new TopicPartition("busy", 0), 5L));
        }
    }

    @Test
    void resetOfAGroupThatDoesNotExistCreatesItWithTheNewOffsets() throws Exception {
        createTopic("fresh", 2);
        produce("fresh", 0, 3);
        produce("fresh", 1, 7);

        Result reset = cli.run("groups", "reset", "newcomers", "--topic", "fresh", "--to-latest", "--execute");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.err())
                .contains("herald groups reset: consumer group 'newcomers' did not exist; created it with these"
                        + " offsets");
        assertThat(committed("newcomers"))
                .isEqualTo(Map.of(new TopicPartition("fresh", 0), 3L, new TopicPartition("fresh", 1), 7L));
    }

    @Test
    void resetOfAMissingTopicSaysSo() {
        Result reset = cli.run("groups", "reset", "lost", "--topic", "no-such-topic", "--to-earliest");

        assertThat(reset.exitCode()).isEqualTo(1);
        assertThat(reset.err())
                .isEqualTo("herald groups reset: topic 'no-such-topic' does not exist on " + broker.bootstrapServers()
                        + "; create it with: herald topics create no-such-topic" + NL);
    }

    @Test
    void resetOfAMissingPartitionSaysWhichExist() throws Exception {
        createTopic("narrow", 2);

        Result reset = cli.run("groups", "reset", "narrowers", "--topic", "narrow:1,5", "--to-earliest");

        assertThat(reset.exitCode()).isEqualTo(1);
        assertThat(reset.err()).isEqualTo("herald groups reset: topic 'narrow' has no partition 5; it has 0..1" + NL);
    }

    // delete

    @Test
    void deleteRemovesAGroupWithoutMembersAndItsOffsets() throws Exception {
        createTopic("finished", 1);
        givenEmptyGroup("finishers", "finished", Map.of(0, 0L));

        Result deleted = cli.run("groups", "delete", "finishers");

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted consumer group finishers." + NL);
        assertThat(groupIds()).doesNotContain("finishers");
        assertThat(committed("finishers")).isEmpty();
    }

    @Test
    void deleteOfAGroupWithMembersIsRefused() throws Exception {
        createTopic("ongoing", 1);
        KafkaConsumer<String, String> live = joined("ongoers", "ongoing", "ongoer");
        try {
            Result deleted = cli.run("groups", "delete", "ongoers");

            assertThat(deleted.exitCode()).isEqualTo(1);
            assertThat(deleted.err())
                    .isEqualTo("herald groups delete: consumer group 'ongoers' has active members; stop the group's"
                            + " consumers first (see them with: herald groups describe ongoers)" + NL);
            assertThat(groupIds()).contains("ongoers");
        } finally {
            live.close();
        }
    }

    @Test
    void deleteOfAnUnknownGroupSaysItDoesNotExistAndDeletesTheOthers() throws Exception {
        createTopic("mixed", 1);
        givenEmptyGroup("mixers", "mixed", Map.of(0, 0L));

        Result deleted = cli.run("groups", "delete", "ghosts", "mixers");

        assertThat(deleted.exitCode()).isEqualTo(1);
        assertThat(deleted.out()).isEqualTo("Deleted consumer group mixers." + NL);
        assertThat(deleted.err())
                .isEqualTo("herald groups delete: consumer group 'ghosts' does not exist on "
                        + broker.bootstrapServers() + "; see the groups with: herald groups list" + NL);
        assertThat(groupIds()).doesNotContain("mixers");
    }

    // helpers

    /** Each line with its columns separated by one space, so a test states a table's cells, not its widths. */
    private static List<String> words(String out) {
        return out.lines()
                .map(line -> String.join(" ", line.strip().split("\\s+")))
                .toList();
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                .all()
                .get();
    }

    private static void produce(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i))
                        .get();
            }
        }
    }

    private static void produceAt(String topic, int partition, Instant timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), "k", "v"))
                    .get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    /** A consumer that has subscribed to {@code topic} and been given its partitions: the group is Stable. */
    private static KafkaConsumer<String, String> joined(String group, String topic, String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        while (consumer.assignment().isEmpty()) consumer.poll(Duration.ofMillis(100));
        return consumer;
    }

    /** A group whose one consumer committed {@code offsets} (partition to offset) of {@code topic} and left. */
    private static void givenEmptyGroup(String group, String topic, Map<Integer, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = joined(group, topic, group + "-client")) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((p, offset) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
        awaitState(group, GroupState.EMPTY);
    }

    private static void awaitState(String group, GroupState state) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.describeConsumerGroups(List.of(group))
                                .all()
                                .get()
                                .get(group)
                                .groupState()
                        == state);
    }

    /** The group's committed offsets as Admin.listConsumerGroupOffsets reports them. */
    private static Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((partition, offset) -> {
                    if (offset != null) offsets.put(partition, offset.offset());
                });
        return offsets;
    }

    private static List<String> groupIds() throws ExecutionException, InterruptedException {
        return admin.listGroups().all().get().stream()
                .map(listing -> listing.groupId())
                .toList();
    }
}
