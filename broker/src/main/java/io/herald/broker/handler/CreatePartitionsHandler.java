package io.herald.broker.handler;

import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.List;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/**
 * CreatePartitions: raises each topic's partition count to the requested one (or with {@code validateOnly} only
 * checks it could), answering per topic. A count not above the current one is {@code INVALID_PARTITIONS}. Assignments,
 * when given, must list one per new partition, each naming this node alone ({@code INVALID_REPLICA_ASSIGNMENT}
 * otherwise). The new partitions are empty and can be produced to when the response is sent.
 *
 * <p>Differs from Kafka: one node, so no other placement is possible; {@code timeoutMs} is ignored.
 */
final class CreatePartitionsHandler implements RequestHandler<CreatePartitionsRequest> {
    private final TopicRegistry topics;
    private final BrokerNode node;

    CreatePartitionsHandler(TopicRegistry topics, BrokerNode node) {
        this.topics = topics;
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, CreatePartitionsRequest request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData().setThrottleTimeMs(0);
        for (CreatePartitionsTopic topic : request.data().topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                checkAssignments(topic);
                topics.addPartitions(topic.name(), topic.count(), request.data().validateOnly());
                result.setErrorCode(Errors.NONE.code());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "adding partitions to " + topic.name())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.results().add(result);
        }
        return new CreatePartitionsResponse(response);
    }

    private void checkAssignments(CreatePartitionsTopic topic) {
        if (topic.assignments() == null) return;
        Topic current = topics.topic(topic.name());
        if (current == null) throw new UnknownTopicOrPartitionException("topic " + topic.name() + " does not exist");
        int added = topic.count() - current.partitionCount();
        if (added > 0 && topic.assignments().size() != added) {
            throw new InvalidReplicaAssignmentException("topic " + topic.name() + " gets " + added
                    + " new partitions but the request assigns "
                    + topic.assignments().size()
                    + "; give one assignment per new partition");
        }
        for (CreatePartitionsAssignment a : topic.assignments()) {
            if (!a.brokerIds().equals(List.of(node.nodeId()))) {
                throw new InvalidReplicaAssignmentException("topic " + topic.name() + ": a new partition is assigned"
                        + " to nodes " + a.brokerIds() + "; this single-node cluster can only place one replica, on"
                        + " node " + node.nodeId());
            }
        }
    }
}
