package io.herald.broker.handler;

import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * CreateTopics: creates each topic (or with {@code validateOnly} only checks it could be), answering per topic. A
 * partition count of -1 means {@code num.partitions}; the replication factor must be 1 or -1. Manual replica
 * assignments are accepted when every partition, numbered 0..n-1, is placed on this node alone. From v5 a result
 * carries the partition count, replication factor and every config with its source; from v7 the new topic's id (zero
 * after {@code validateOnly}).
 *
 * <p>Differs from Kafka: there is one node, so a replication factor above 1 or an assignment naming another node is
 * refused ({@code INVALID_REPLICATION_FACTOR}, {@code INVALID_REPLICA_ASSIGNMENT}); {@code timeoutMs} is ignored, as a
 * topic is ready when the request returns.
 */
final class CreateTopicsHandler implements RequestHandler<CreateTopicsRequest> {
    private final TopicRegistry topics;
    private final BrokerNode node;
    private final int numPartitions;

    CreateTopicsHandler(TopicRegistry topics, BrokerNode node, int numPartitions) {
        this.topics = topics;
        this.node = node;
        this.numPartitions = numPartitions;
    }

    @Override
    public AbstractResponse handle(RequestContext context, CreateTopicsRequest request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData().setThrottleTimeMs(0);
        Map<String, Integer> occurrences = new HashMap<>();
        request.data().topics().forEach(t -> occurrences.merge(t.name(), 1, Integer::sum));
        for (CreatableTopic topic : request.data().topics()) {
            if (response.topics().find(topic.name()) != null) continue; // a duplicate, answered once
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name());
            try {
                if (occurrences.get(topic.name()) > 1) {
                    throw new InvalidRequestException("topic " + topic.name() + " is named more than once in the"
                            + " request; name each topic once");
                }
                if (org.apache.kafka.common.internals.Topic.isInternal(topic.name())) {
                    // a client-made __consumer_offsets (one partition, delete policy) would hold committed offsets
                    throw new InvalidRequestException("topic " + topic.name() + " is internal: the group coordinator"
                            + " creates it, compacted, with offsets.topic.num.partitions partitions");
                }
                int partitions = partitionCount(topic);
                Topic created = topics.create(
                        topic.name(),
                        partitions,
                        topic.replicationFactor(),
                        configs(topic),
                        request.data().validateOnly());
                created(result, created, partitions);
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "creating topic " + topic.name())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.topics().add(result);
        }
        return new CreateTopicsResponse(response);
    }

    private static Map<String, String> configs(CreatableTopic topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (CreatableTopicConfig c : topic.configs()) configs.put(c.name(), c.value());
        return configs;
    }

    private int partitionCount(CreatableTopic topic) {
        int partitions =
                topic.numPartitions() == CreateTopicsRequest.NO_NUM_PARTITIONS ? numPartitions : topic.numPartitions();
        if (!topic.assignments().isEmpty()) {
            if (topic.numPartitions() != CreateTopicsRequest.NO_NUM_PARTITIONS
                    || topic.replicationFactor() != CreateTopicsRequest.NO_REPLICATION_FACTOR) {
                throw new InvalidRequestException("topic " + topic.name() + ": give either a partition count and"
                        + " replication factor or replica assignments, not both");
            }
            partitions = checkAssignments(topic);
        }
        return partitions;
    }

    /** Checks manual assignments place partitions 0..n-1 on this node alone; returns n. */
    private int checkAssignments(CreatableTopic topic) {
        int count = topic.assignments().size();
        Set<Integer> seen = new HashSet<>();
        for (CreatableReplicaAssignment a : topic.assignments()) {
            if (a.partitionIndex() < 0 || a.partitionIndex() >= count || !seen.add(a.partitionIndex())) {
                throw new InvalidReplicaAssignmentException("topic " + topic.name() + ": assigned partitions must be"
                        + " numbered 0.." + (count - 1) + ", found partition " + a.partitionIndex());
            }
            if (!a.brokerIds().equals(List.of(node.nodeId()))) {
                throw new InvalidReplicaAssignmentException("topic " + topic.name() + " partition "
                        + a.partitionIndex() + " is assigned to nodes " + a.brokerIds() + "; this single-node"
                        + " cluster can only place one replica, on node " + node.nodeId());
            }
        }
        return count;
    }

    /** Fills a success; {@code partitions} is the count asked for, since a validate-only topic has none open. */
    private static void created(CreatableTopicResult result, Topic topic, int partitions) {
        result.setErrorCode(Errors.NONE.code())
                .setTopicId(topic.id())
                .setNumPartitions(partitions)
                .setReplicationFactor((short) 1);
        for (DescribeConfigsResourceResult c : ConfigEntries.ofTopic(topic.config(), null, false)) {
            result.configs()
                    .add(new CreatableTopicConfigs()
                            .setName(c.name())
                            .setValue(c.value())
                            .setReadOnly(c.readOnly())
                            .setConfigSource(c.configSource())
                            .setIsSensitive(c.isSensitive()));
        }
    }
}
