package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;

/**
 * DescribeTopicPartitions (v0, what Admin's describeTopics uses when it is advertised): the requested topics (all of
 * them when the list is empty), sorted by name, with their ids and partitions, each led by this node, its only replica
 * and in-sync replica, at epoch {@link Partition#LEADER_EPOCH}; eligible leader replicas and last known ELR are empty.
 * A response holds at most {@code responsePartitionLimit} partitions (capped at {@value #MAX_PARTITIONS}, Kafka's
 * default cap); when it is cut short, {@code nextCursor} names the topic and partition to continue from, else it is
 * null. An unknown topic gets {@code UNKNOWN_TOPIC_OR_PARTITION} and does not count against the limit.
 */
final class DescribeTopicPartitionsHandler implements RequestHandler<DescribeTopicPartitionsRequest> {
    static final int MAX_PARTITIONS = 2000;

    private final TopicRegistry topics;
    private final BrokerNode node;

    DescribeTopicPartitionsHandler(TopicRegistry topics, BrokerNode node) {
        this.topics = topics;
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DescribeTopicPartitionsRequest request) {
        DescribeTopicPartitionsRequestData data = request.data();
        TreeSet<String> names = new TreeSet<>();
        data.topics().forEach(t -> names.add(t.name()));
        if (names.isEmpty()) topics.topics().forEach(t -> names.add(t.name()));
        DescribeTopicPartitionsRequestData.Cursor cursor = data.cursor();
        if (cursor != null && !data.topics().isEmpty() && !names.contains(cursor.topicName())) {
            throw new InvalidRequestException("the cursor's topic " + cursor.topicName() + " is not in the request");
        }
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData().setThrottleTimeMs(0);
        int remaining = Math.max(1, Math.min(data.responsePartitionLimit(), MAX_PARTITIONS));
        for (String name : cursor == null ? names : names.tailSet(cursor.topicName(), true)) {
            int first = cursor != null && name.equals(cursor.topicName()) ? Math.max(0, cursor.partitionIndex()) : 0;
            Topic topic = topics.topic(name);
            if (topic == null) {
                response.topics().add(unknown(name));
                continue;
            }
            if (remaining == 0) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(first));
                break;
            }
            DescribeTopicPartitionsResponseTopic out = described(topic);
            response.topics().add(out);
            for (int p = first; p < topic.partitionCount(); p++) {
                if (remaining == 0) {
                    response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(p));
                    break;
                }
                out.partitions().add(partition(p));
                remaining--;
            }
            if (response.nextCursor() != null) break;
        }
        return new DescribeTopicPartitionsResponse(response);
    }

    private static DescribeTopicPartitionsResponseTopic described(Topic topic) {
        return new DescribeTopicPartitionsResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.isInternal())
                .setErrorCode(Errors.NONE.code());
    }

    private DescribeTopicPartitionsResponsePartition partition(int index) {
        List<Integer> self = List.of(node.nodeId());
        return new DescribeTopicPartitionsResponsePartition()
                .setErrorCode(Errors.NONE.code())
                .setPartitionIndex(index)
                .setLeaderId(node.nodeId())
                .setLeaderEpoch(Partition.LEADER_EPOCH)
                .setReplicaNodes(new ArrayList<>(self))
                .setIsrNodes(new ArrayList<>(self))
                .setEligibleLeaderReplicas(new ArrayList<>())
                .setLastKnownElr(new ArrayList<>())
                .setOfflineReplicas(new ArrayList<>());
    }

    private static DescribeTopicPartitionsResponseTopic unknown(String name) {
        return new DescribeTopicPartitionsResponseTopic()
                .setName(name)
                .setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }
}
