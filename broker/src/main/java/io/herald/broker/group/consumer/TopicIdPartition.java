package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * One partition of a topic, named by topic id as the consumer group protocol names it (Kafka's server-side {@code
 * TopicIdPartition}). Ordered by topic id, then partition, so every set of them iterates, and every response lists
 * them, in one order. Also converts sets of them to and from the protocol's per-topic lists.
 */
record TopicIdPartition(Uuid topicId, int partitionId) implements Comparable<TopicIdPartition> {
    private static final Comparator<TopicIdPartition> ORDER =
            Comparator.comparing(TopicIdPartition::topicId).thenComparingInt(TopicIdPartition::partitionId);

    @Override
    public int compareTo(TopicIdPartition other) {
        return ORDER.compare(this, other);
    }

    /** The partitions a heartbeat says the member owns, or null when the request left them out ("unchanged"). */
    static SortedSet<TopicIdPartition> fromRequest(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> topics) {
        if (topics == null) return null;
        SortedSet<TopicIdPartition> partitions = new TreeSet<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : topics) {
            for (int partition : topic.partitions()) {
                partitions.add(new TopicIdPartition(topic.topicId(), partition));
            }
        }
        return partitions;
    }

    static List<ConsumerGroupHeartbeatResponseData.TopicPartitions> toHeartbeatResponse(
            Collection<TopicIdPartition> partitions) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        byTopic(partitions)
                .forEach((topicId, ids) -> topics.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(topicId)
                        .setPartitions(ids)));
        return topics;
    }

    /** Per-topic lists with topic names; partitions of topics {@code topics} no longer knows are left out, as Kafka does. */
    static List<ConsumerGroupDescribeResponseData.TopicPartitions> toDescribeResponse(
            Collection<TopicIdPartition> partitions, TopicView topics) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> described = new ArrayList<>();
        byTopic(partitions).forEach((topicId, ids) -> {
            String name = topics.topicName(topicId);
            if (name != null) {
                described.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(topicId)
                        .setTopicName(name)
                        .setPartitions(ids));
            }
        });
        return described;
    }

    private static TreeMap<Uuid, List<Integer>> byTopic(Collection<TopicIdPartition> partitions) {
        TreeMap<Uuid, List<Integer>> byTopic = new TreeMap<>();
        for (TopicIdPartition partition : new TreeSet<>(partitions)) {
            byTopic.computeIfAbsent(partition.topicId(), id -> new ArrayList<>())
                    .add(partition.partitionId());
        }
        return byTopic;
    }
}
