package io.herald.broker.group;

import io.herald.broker.group.consumer.ConsumerGroupConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * The group coordinator's settings, under Kafka's broker property names and with Kafka's defaults.
 *
 * @param initialRebalanceDelayMs {@code group.initial.rebalance.delay.ms}: the first rebalance of an empty group
 *     waits until no new member has come for this long (at most the rebalance timeout)
 * @param minSessionTimeoutMs {@code group.min.session.timeout.ms}: the shortest session timeout a member may ask for
 * @param maxSessionTimeoutMs {@code group.max.session.timeout.ms}: the longest one
 * @param maxSize {@code group.max.size}: the most members of a classic group
 * @param offsetsTopicPartitions {@code offsets.topic.num.partitions}: partitions of {@code __consumer_offsets}, fixed
 *     once the topic exists
 * @param offsetsTopicSegmentBytes {@code offsets.topic.segment.bytes}
 * @param offsetsRetentionMs {@code offsets.retention.minutes}, in ms: committed offsets of a group that has been empty
 *     this long are removed
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 * @param offsetMetadataMaxBytes {@code offset.metadata.max.bytes}: the longest commit metadata string
 * @param consumer the {@code group.consumer.*} settings of KIP-848 consumer groups
 */
public record GroupConfig(
        int initialRebalanceDelayMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxSize,
        int offsetsTopicPartitions,
        int offsetsTopicSegmentBytes,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int offsetMetadataMaxBytes,
        ConsumerGroupConfig consumer) {

    /** Kafka's defaults. */
    public static GroupConfig defaults() {
        return new GroupConfig(
                3_000,
                6_000,
                1_800_000,
                Integer.MAX_VALUE,
                50,
                104_857_600,
                7L * 24 * 60 * 60_000,
                600_000,
                4096,
                ConsumerGroupConfig.DEFAULT);
    }

    /** The properties as Kafka names them, with the values in force (for DescribeConfigs). */
    public Map<String, String> kafkaProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("group.initial.rebalance.delay.ms", Integer.toString(initialRebalanceDelayMs));
        p.put("group.min.session.timeout.ms", Integer.toString(minSessionTimeoutMs));
        p.put("group.max.session.timeout.ms", Integer.toString(maxSessionTimeoutMs));
        p.put("group.max.size", Integer.toString(maxSize));
        p.put("offsets.topic.num.partitions", Integer.toString(offsetsTopicPartitions));
        p.put("offsets.topic.segment.bytes", Integer.toString(offsetsTopicSegmentBytes));
        p.put("offsets.retention.minutes", Long.toString(offsetsRetentionMs / 60_000));
        p.put("offsets.retention.check.interval.ms", Long.toString(offsetsRetentionCheckIntervalMs));
        p.put("offset.metadata.max.bytes", Integer.toString(offsetMetadataMaxBytes));
        p.put("group.consumer.session.timeout.ms", Integer.toString(consumer.sessionTimeoutMs()));
        p.put("group.consumer.heartbeat.interval.ms", Integer.toString(consumer.heartbeatIntervalMs()));
        p.put("group.consumer.max.size", Integer.toString(consumer.maxSize()));
        p.put("group.consumer.assignors", String.join(",", consumer.assignors()));
        return p;
    }
}
