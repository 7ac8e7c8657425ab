package io.herald.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.partition.AppendSignal;
import io.herald.broker.topic.TopicRegistry;
import io.herald.log.FlushScheduler;
import io.herald.log.LogMaintenanceLoop;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed offsets on a real {@code __consumer_offsets}: retention ({@code offsets.retention.minutes}: offsets of a
 * group without members expire, then the group goes) and the consumer lag published over JMX.
 */
@Timeout(30)
class GroupOffsetsTest {
    private static final long RETENTION_MS = 60_000;

    @TempDir
    Path dataDir;

    private final SteppedClock clock = new SteppedClock(1_000_000);
    private FlushScheduler flusher;
    private LogMaintenanceLoop maintenance;
    private TopicRegistry topics;
    private GroupCoordinator coordinator;

    @BeforeEach
    void open() {
        flusher = new FlushScheduler(clock);
        maintenance = new LogMaintenanceLoop(60_000);
        topics = TopicRegistry.open(dataDir, Map.of(), 86_400_000, flusher, maintenance, new AppendSignal(), clock);
        topics.create("orders", 1, (short) 1, Map.of(), false);
        coordinator =
                new GroupCoordinator(topics, coordinatorConfig(), new ManualGroupTimer(), clock, "retention-test");
        coordinator.load();
    }

    @AfterEach
    void close() {
        coordinator.close();
        maintenance.close();
        topics.close();
        flusher.close();
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetentionAndTheGroupGoes() {
        commit("idle", 5);

        clock.advance(RETENTION_MS - 1);
        coordinator.expireOffsets().join();
        assertThat(committed("idle")).isEqualTo(5);

        clock.advance(1);
        coordinator.expireOffsets().join();
        assertThat(committed("idle")).isEqualTo(-1);
        assertThat(coordinator.listGroups(List.of(), List.of())).isEmpty();
    }

    @Test
    void aNewerCommitRestartsTheRetention() {
        commit("busy", 5);
        clock.advance(RETENTION_MS - 1);
        commit("busy", 6);

        clock.advance(RETENTION_MS - 1);
        coordinator.expireOffsets().join();

        assertThat(committed("busy")).isEqualTo(6);
    }

    @Test
    void expiredOffsetsStayExpiredAfterARestart() {
        commit("idle", 5);
        clock.advance(RETENTION_MS);
        coordinator.expireOffsets().join();
        coordinator.close();

        coordinator =
                new GroupCoordinator(topics, coordinatorConfig(), new ManualGroupTimer(), clock, "retention-test");
        coordinator.load();

        assertThat(committed("idle")).isEqualTo(-1);
    }

    @Test
    void lagIsPublishedOverJmxPerGroupAndPartitionAndRemovedWithTheOffset() throws Exception {
        commit("reader", 1);
        topics.partition(new TopicPartition("orders", 0))
                .append(MemoryRecords.withRecords(
                                Compression.NONE,
                                new SimpleRecord("a".getBytes()),
                                new SimpleRecord("b".getBytes()),
                                new SimpleRecord("c".getBytes()))
                        .buffer())
                .durable()
                .join();
        ObjectName name = new ObjectName(
                "io.herald:type=ConsumerLag,cluster=\"retention-test\",group=\"reader\",topic=\"orders\",partition=0");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();

        assertThat(server.getAttribute(name, "LogEndOffset")).isEqualTo(3L);
        assertThat(server.getAttribute(name, "Lag")).isEqualTo(2L);

        clock.advance(RETENTION_MS);
        coordinator.expireOffsets().join();
        assertThat(server.isRegistered(name)).isFalse();
    }

    private GroupConfig coordinatorConfig() {
        return new GroupConfig(
                0,
                6_000,
                1_800_000,
                100,
                1,
                1 << 20,
                RETENTION_MS,
                1_000,
                4096,
                io.herald.broker.group.consumer.ConsumerGroupConfig.DEFAULT);
    }

    private void commit(String group, long offset) {
        OffsetCommitRequestData request = new OffsetCommitRequestData()
                .setGroupId(group)
                .setGenerationIdOrMemberEpoch(-1)
                .setMemberId("")
                .setTopics(List.of(new OffsetCommitRequestTopic()
                        .setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestPartition()
                                .setPartitionIndex(0)
                                .setCommittedOffset(offset)))));
        assertThat(coordinator
                        .commitOffsets((short) 9, request)
                        .join()
                        .topics()
                        .getFirst()
                        .partitions()
                        .getFirst()
                        .errorCode())
                .isZero();
    }

    private long committed(String group) {
        return coordinator
                .fetchOffsets(new OffsetFetchRequestGroup().setGroupId(group).setTopics(null))
                .topics()
                .stream()
                .flatMap(t -> t.partitions().stream())
                .mapToLong(p -> p.committedOffset())
                .findFirst()
                .orElse(-1);
    }
}
