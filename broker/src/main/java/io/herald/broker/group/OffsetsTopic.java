package io.herald.broker.group;

import io.herald.broker.partition.LogReplay;
import io.herald.broker.partition.Partition;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * The internal compacted topic {@code __consumer_offsets}, where committed offsets live (records in Kafka's format, see
 * {@link OffsetRecords}). A group's records go to partition {@code abs(hash(group)) % partitions}, Kafka's rule. The
 * topic is created on first use with {@code offsets.topic.num.partitions} partitions, as Kafka does, so a broker that
 * never sees a group has none.
 *
 * <p>Recovery: on start every partition is read from its log start, and the last record of each key wins; compaction
 * keeps that read short. Appends are answered once durable under the topic's flush policy (by default, fsynced).
 *
 * <p>Thread-safety: called under the coordinator's lock; the partitions guard themselves.
 */
final class OffsetsTopic {
    static final String NAME = org.apache.kafka.common.internals.Topic.GROUP_METADATA_TOPIC_NAME;

    private final TopicRegistry topics;
    private final GroupConfig config;
    private final Clock clock;

    OffsetsTopic(TopicRegistry topics, GroupConfig config, Clock clock) {
        this.topics = topics;
        this.config = config;
        this.clock = clock;
    }

    /** Calls {@code onRecord} for every offset commit record, oldest first (a null value is a tombstone). */
    void replay(OffsetRecordConsumer onRecord) {
        Topic topic = topics.topic(NAME);
        if (topic == null) return;
        for (Partition partition : topic.partitions()) replay(partition, onRecord);
    }

    /** Appends {@code records} of {@code group} as one batch; the future completes when they are durable. */
    CompletableFuture<Void> append(String group, List<SimpleRecord> records) {
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new))
                .buffer();
        return partitionFor(group).append(batch).durable();
    }

    SimpleRecord commitRecord(String group, org.apache.kafka.common.TopicPartition tp, CommittedOffset committed) {
        return new SimpleRecord(clock.millis(), OffsetRecords.key(group, tp), OffsetRecords.value(committed));
    }

    SimpleRecord tombstone(String group, org.apache.kafka.common.TopicPartition tp) {
        return new SimpleRecord(clock.millis(), OffsetRecords.key(group, tp), null);
    }

    private Partition partitionFor(String group) {
        Topic topic = topicCreatedIfAbsent();
        return topic.partition(Utils.abs(group.hashCode()) % topic.partitionCount());
    }

    private Topic topicCreatedIfAbsent() {
        Topic topic = topics.topic(NAME);
        if (topic != null) return topic;
        try {
            return topics.create(
                    NAME,
                    config.offsetsTopicPartitions(),
                    (short) 1,
                    Map.of(
                            "cleanup.policy",
                            "compact",
                            "segment.bytes",
                            Integer.toString(config.offsetsTopicSegmentBytes())),
                    false);
        } catch (TopicExistsException e) {
            return topics.topic(NAME);
        }
    }

    private static void replay(Partition partition, OffsetRecordConsumer onRecord) {
        LogReplay.forEachRecord(partition.log(), record -> {
            OffsetRecords.OffsetKey key = record.hasKey() ? OffsetRecords.parseKey(record.key()) : null;
            if (key != null) onRecord.accept(key, record.hasValue() ? OffsetRecords.parseValue(record.value()) : null);
        });
    }

    /** Receives replayed offset commits; {@code committed} is null for a tombstone. */
    @FunctionalInterface
    interface OffsetRecordConsumer {
        void accept(OffsetRecords.OffsetKey key, CommittedOffset committed);
    }
}
