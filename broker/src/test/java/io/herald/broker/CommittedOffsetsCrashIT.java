package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed offsets are acknowledged only once durable: a broker killed with SIGKILL right after a burst of commits
 * still has every acknowledged one after its restart, metadata strings included.
 */
@Timeout(120)
class CommittedOffsetsCrashIT {
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedCommitSurvivesKillNine() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> lastAcknowledged = new HashMap<>();
        BrokerProcess broker = BrokerProcess.start(dataDir, 0);
        int port = broker.port();
        try {
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("ledger", 3, (short) 1)))
                        .all()
                        .get();
            }
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(GroupMember.consumerProperties(broker.bootstrapServers(), "crash-group"))) {
                for (int i = 1; i <= 200; i++) {
                    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                    for (int p = 0; p < 3; p++) {
                        commit.put(new TopicPartition("ledger", p), new OffsetAndMetadata(i * 10L + p, "run-" + i));
                    }
                    consumer.commitSync(commit); // returns only once the broker acknowledged
                    lastAcknowledged.putAll(commit);
                }
            }
        } finally {
            broker.kill();
        }

        broker = BrokerProcess.start(dataDir, port);
        try (Admin admin = admin(broker)) {
            Map<TopicPartition, OffsetAndMetadata> recovered = admin.listConsumerGroupOffsets("crash-group")
                    .partitionsToOffsetAndMetadata()
                    .get();

            assertThat(recovered).isEqualTo(lastAcknowledged);
        } finally {
            broker.kill();
        }
    }

    private static Admin admin(BrokerProcess broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
