package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: this broker as the only node and controller, and the requested topics (all of them when the list is
 * null) with their ids and partitions, each led by this node at epoch {@link Partition#LEADER_EPOCH}. An unknown topic
 * is created when the request allows it and {@code auto.create.topics.enable} is on, with {@code num.partitions}
 * partitions; it is answered at once with its partitions, where Kafka answers {@code LEADER_NOT_AVAILABLE} until its
 * controller has placed them.
 */
final class MetadataHandler implements RequestHandler<MetadataRequest> {
    private final TopicRegistry topics;
    private final BrokerNode node;
    private final boolean autoCreateTopics;
    private final int numPartitions;

    MetadataHandler(TopicRegistry topics, BrokerNode node, boolean autoCreateTopics, int numPartitions) {
        this.topics = topics;
        this.node = node;
        this.autoCreateTopics = autoCreateTopics;
        this.numPartitions = numPartitions;
    }

    @Override
    public AbstractResponse handle(RequestContext context, MetadataRequest request) {
        MetadataRequestData data = request.data();
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(node.clusterId())
                .setControllerId(node.nodeId());
        response.brokers()
                .add(new MetadataResponseData.MetadataResponseBroker()
                        .setNodeId(node.nodeId())
                        .setHost(node.host())
                        .setPort(node.port()));
        if (request.isAllTopics()) { // null, or an empty list at v0
            for (Topic topic : topics.topics()) response.topics().add(describe(topic));
        } else {
            boolean mayCreate = autoCreateTopics && data.allowAutoTopicCreation();
            for (MetadataRequestData.MetadataRequestTopic requested : data.topics()) {
                response.topics().add(lookup(requested, mayCreate, context.apiVersion()));
            }
        }
        return new MetadataResponse(response, context.apiVersion());
    }

    private MetadataResponseTopic lookup(
            MetadataRequestData.MetadataRequestTopic requested, boolean mayCreate, short version) {
        String name = requested.name();
        if (name == null && version < 12) {
            // v10-11 requests may leave the name null, but their responses cannot carry a null name, and topic ids are
            // looked up from v12 only; Kafka answers INVALID_REQUEST
            return error("", requested.topicId(), Errors.INVALID_REQUEST);
        }
        // Java clients asking by id (v12+) leave the name at its default, "", not null; Kafka goes by a non-zero id.
        if (name == null || (version >= 12 && !Uuid.ZERO_UUID.equals(requested.topicId()))) {
            Topic byId = topics.topic(requested.topicId());
            return byId != null ? describe(byId) : error(null, requested.topicId(), Errors.UNKNOWN_TOPIC_ID);
        }
        Topic topic = topics.topic(name);
        // __consumer_offsets is created by the group coordinator, compacted and with its own partition count.
        if (topic == null && mayCreate && !org.apache.kafka.common.internals.Topic.isInternal(name)) {
            try {
                topic = autoCreate(name);
            } catch (InvalidTopicException e) {
                return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
            }
        }
        if (topic == null) return error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        return describe(topic);
    }

    private Topic autoCreate(String name) {
        try {
            return topics.create(name, numPartitions, (short) -1, Map.of(), false);
        } catch (TopicExistsException e) {
            return topics.topic(name); // created by a concurrent request
        }
    }

    private MetadataResponseTopic describe(Topic topic) {
        List<Integer> replicas = List.of(node.nodeId());
        MetadataResponseTopic out = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.isInternal())
                .setErrorCode(Errors.NONE.code());
        for (Partition partition : topic.partitions()) {
            out.partitions()
                    .add(new MetadataResponsePartition()
                            .setPartitionIndex(partition.topicPartition().partition())
                            .setLeaderId(node.nodeId())
                            .setLeaderEpoch(Partition.LEADER_EPOCH)
                            .setReplicaNodes(new ArrayList<>(replicas))
                            .setIsrNodes(new ArrayList<>(replicas))
                            .setOfflineReplicas(new ArrayList<>())
                            .setErrorCode(Errors.NONE.code()));
        }
        return out;
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }
}
