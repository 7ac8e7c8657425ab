package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Static membership ({@code group.instance.id}): a restarted member takes its place back without a rebalance. */
@Timeout(120)
class StaticMembershipIT {
    private static final String TOPIC = "static-events";

    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of(
                        "listeners", "PLAINTEXT://127.0.0.1:0",
                        "group.initial.rebalance.delay.ms", "0",
                        "offsets.topic.num.partitions", "1"))
                .withDataDir(dataDir));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void restartedStaticMemberGetsItsPartitionsBackWithoutARebalance() throws Exception {
        GroupLedger ledger = new GroupLedger();
        try (GroupMember first = staticMember("first", ledger)) {
            GroupMember second = staticMember("second", ledger);
            await().atMost(Duration.ofSeconds(60)).until(() -> assignedCount(first) == 2 && assignedCount(second) == 2);
            Collection<TopicPartition> secondsPartitions = last(second);
            int firstAssignments = first.assignments().size();

            second.close(); // a static member sends no LeaveGroup: its partitions wait for it
            try (GroupMember restarted = staticMember("second", ledger)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !restarted.assignments().isEmpty());

                assertThat(last(restarted)).containsExactlyInAnyOrderElementsOf(secondsPartitions);
                assertThat(first.assignments()).hasSize(firstAssignments);
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("statics"))
                        .describedGroups()
                        .get("statics")
                        .get();
                assertThat(group.members())
                        .extracting(m -> m.groupInstanceId().orElseThrow())
                        .containsExactlyInAnyOrder("first", "second");
            }
        }
    }

    @Test
    void aSecondMemberWithTheSameInstanceIdFencesTheFirst() throws Exception {
        Properties p = GroupMember.consumerProperties(broker.bootstrapServers(), "fenced");
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "only");
        try (KafkaConsumer<String, String> old = new KafkaConsumer<>(p);
                KafkaConsumer<String, String> replacement = new KafkaConsumer<>(p)) {
            old.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                old.poll(Duration.ofMillis(100));
                return !old.assignment().isEmpty();
            });
            replacement.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                replacement.poll(Duration.ofMillis(100));
                return !replacement.assignment().isEmpty();
            });

            Throwable failure = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (failure == null && System.nanoTime() < deadline) {
                try {
                    old.poll(Duration.ofMillis(100));
                    old.commitSync();
                } catch (FencedInstanceIdException e) {
                    failure = e;
                }
            }
            assertThat(failure).isInstanceOf(FencedInstanceIdException.class);
        }
    }

    private GroupMember staticMember(String instanceId, GroupLedger ledger) {
        return new GroupMember(
                instanceId,
                broker.bootstrapServers(),
                "statics",
                TOPIC,
                Map.of("group.instance.id", instanceId, "session.timeout.ms", "30000"),
                ledger);
    }

    private static int assignedCount(GroupMember member) {
        List<Collection<TopicPartition>> assignments = member.assignments();
        return assignments.isEmpty() ? 0 : assignments.getLast().size();
    }

    private static Collection<TopicPartition> last(GroupMember member) {
        return member.assignments().getLast();
    }
}
