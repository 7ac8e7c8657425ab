package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups under churn with the Java client, with the classic protocol (eager and cooperative assignors) and
 * the consumer protocol of KIP-848 (server-side assignment), and with static members: members join, leave cleanly and die (SIGKILL of a child JVM) while
 * records are produced. Checked from what the members did ({@link GroupLedger}): every record is consumed at least
 * once, and no record is consumed again once the group committed past it.
 */
@Timeout(180)
class GroupRebalanceIT {
    private static final String TOPIC = "events";
    private static final int PARTITIONS = 6;

    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "group.initial.rebalance.delay.ms", "0",
                        "group.consumer.session.timeout.ms", "6000",
                        "group.consumer.heartbeat.interval.ms", "500",
                        "offsets.topic.num.partitions", "5"))
                .withDataDir(dataDir));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                .all()
                .get();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void eagerGroupSurvivesJoinLeaveAndKill() throws Exception {
        churn("eager", Map.of());
    }

    @Test
    void cooperativeStickyGroupSurvivesJoinLeaveAndKill() throws Exception {
        churn(
                "cooperative",
                Map.of("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"));
    }

    @Test
    void consumerProtocolGroupSurvivesJoinLeaveAndKill() throws Exception {
        churn("kip848", Map.of("group.protocol", "consumer"));
    }

    @Test
    void staticGroupSurvivesJoinRestartAndKillAndARestartCausesNoRebalance() throws Exception {
        String group = "static";
        GroupLedger ledger = new GroupLedger();
        AtomicBoolean producing = new AtomicBoolean(true);
        long[] produced = new long[1];
        Thread producer = Thread.ofPlatform().start(() -> produceUntilStopped(producing, produced));
        try (GroupMember a = member("a", group, Map.of("group.instance.id", "a"), ledger);
                GroupMember b = member("b", group, Map.of("group.instance.id", "b"), ledger);
                GroupMemberProcess c = GroupMemberProcess.start(
                        broker.bootstrapServers(),
                        group,
                        TOPIC,
                        List.of("group.instance.id=c", "session.timeout.ms=6000", "heartbeat.interval.ms=500"),
                        line -> ledger.onChildLine("c", line))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !ledger.consumedBy("a").isEmpty()
                            && !ledger.consumedBy("b").isEmpty()
                            && !ledger.consumedBy("c").isEmpty());
            try (GroupMember d = member("d", group, Map.of("group.instance.id", "d"), ledger)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !ledger.consumedBy("d").isEmpty());
                int rebalancesSeenByB = b.assignments().size();

                a.close(); // a static member sends no LeaveGroup: its partitions wait for it
                try (GroupMember a2 = member("a2", group, Map.of("group.instance.id", "a"), ledger)) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> !ledger.consumedBy("a2").isEmpty());
                    assertThat(b.assignments())
                            .as("a restart of a static member moves nothing")
                            .hasSize(rebalancesSeenByB);

                    c.kill(); // its partitions move once its session expires
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> b.assignments().size() > rebalancesSeenByB);
                    producing.set(false);
                    producer.join();
                    await().atMost(Duration.ofSeconds(60)).until(() -> committedEverything(group));
                }
            }
        } finally {
            producing.set(false);
            producer.join();
        }

        assertEveryRecordConsumed(ledger);
        assertThat(ledger.consumedAfterCommit()).isEmpty();
    }

    private void churn(String group, Map<String, String> extra) throws Exception {
        GroupLedger ledger = new GroupLedger();
        List<String> childProps = new ArrayList<>();
        extra.forEach((k, v) -> childProps.add(k + "=" + v));
        childProps.add("session.timeout.ms=6000");
        childProps.add("heartbeat.interval.ms=500");
        AtomicBoolean producing = new AtomicBoolean(true);
        long[] produced = new long[1];
        Thread producer = Thread.ofPlatform().start(() -> produceUntilStopped(producing, produced));
        try (GroupMember a = member("a", group, extra, ledger);
                GroupMember b = member("b", group, extra, ledger);
                GroupMemberProcess c = GroupMemberProcess.start(
                        broker.bootstrapServers(), group, TOPIC, childProps, line -> ledger.onChildLine("c", line))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !ledger.consumedBy("c").isEmpty()
                            && !ledger.consumedBy("a").isEmpty()
                            && !ledger.consumedBy("b").isEmpty());

            try (GroupMember d = member("d", group, extra, ledger)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !ledger.consumedBy("d").isEmpty());
                a.close(); // leaves cleanly
                c.kill(); // dies: its partitions move once its session expires
                int seenByB = ledger.consumedBy("b").size();
                int seenByD = ledger.consumedBy("d").size();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ledger.consumedBy("b").size() > seenByB
                                && ledger.consumedBy("d").size() > seenByD);
                producing.set(false);
                producer.join();
                await().atMost(Duration.ofSeconds(60)).until(() -> committedEverything(group));
            }
        } finally {
            producing.set(false);
            producer.join();
        }

        assertEveryRecordConsumed(ledger);
        assertThat(ledger.consumedAfterCommit()).isEmpty();
    }

    private GroupMember member(String name, String group, Map<String, String> extra, GroupLedger ledger) {
        return new GroupMember(name, broker.bootstrapServers(), group, TOPIC, extra, ledger);
    }

    private void produceUntilStopped(AtomicBoolean producing, long[] produced) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            while (producing.get()) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + produced[0], "v" + produced[0]));
                produced[0]++;
                if (produced[0] % 50 == 0) {
                    producer.flush();
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<TopicPartition, Long> logEndOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private boolean committedEverything(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        for (Map.Entry<TopicPartition, Long> end : logEndOffsets().entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            if (end.getValue() > 0 && (c == null || c.offset() != end.getValue())) return false;
        }
        return true;
    }

    private void assertEveryRecordConsumed(GroupLedger ledger) throws Exception {
        Set<String> missing = allRecords();
        missing.removeAll(ledger.consumed());
        StringBuilder histories = new StringBuilder();
        missing.stream()
                .map(r -> r.split("@"))
                .collect(java.util.stream.Collectors.toMap(
                        r -> Integer.parseInt(r[0]), r -> Long.parseLong(r[1]), Math::min))
                .forEach((partition, firstMissing) ->
                        histories.append('\n').append(ledger.historyAround(partition, firstMissing)));
        assertThat(missing).as("records no member consumed" + histories).isEmpty();
    }

    private Set<String> allRecords() throws Exception {
        Set<String> all = new HashSet<>();
        logEndOffsets().forEach((tp, end) -> {
            for (long o = 0; o < end; o++) all.add(tp.partition() + "@" + o);
        });
        return all;
    }
}
