package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.List;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs: the configs of topics and of this broker, per resource, as {@link ConfigEntries} builds them, all of
 * them (no {@code configurationKeys}, or an empty list) or the keys asked for (unknown keys are left out, as in
 * Kafka). A topic resource lists
 * every topic config Herald knows; an unknown topic gets {@code UNKNOWN_TOPIC_OR_PARTITION}. A broker resource is named
 * by this node's id, or empty for the cluster-wide default, and lists the broker properties Herald knows.
 *
 * <p>Differs from Kafka: the empty broker name answers this broker's static properties (Kafka: only dynamic
 * cluster-wide defaults, which Herald does not have); documentation is always null; {@code BROKER_LOGGER}, {@code
 * CLIENT_METRICS} and {@code GROUP} resources are refused with {@code INVALID_REQUEST}.
 */
final class DescribeConfigsHandler implements RequestHandler<DescribeConfigsRequest> {
    private final TopicRegistry topics;
    private final BrokerConfig brokerConfig;
    private final BrokerNode node;

    DescribeConfigsHandler(TopicRegistry topics, BrokerConfig brokerConfig, BrokerNode node) {
        this.topics = topics;
        this.brokerConfig = brokerConfig;
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DescribeConfigsRequest request) {
        DescribeConfigsRequestData data = request.data();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsResource resource : data.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                result.setConfigs(describe(resource, data.includeSynonyms())).setErrorCode(Errors.NONE.code());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "describing configs of " + resource.resourceName())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.results().add(result);
        }
        return new DescribeConfigsResponse(response);
    }

    private List<DescribeConfigsResourceResult> describe(DescribeConfigsResource resource, boolean synonyms) {
        String name = resource.resourceName();
        // null or empty means every key, as in Kafka (the generated default is an empty list)
        List<String> keys = resource.configurationKeys() == null
                        || resource.configurationKeys().isEmpty()
                ? null
                : resource.configurationKeys();
        return switch (ConfigResource.Type.forId(resource.resourceType())) {
            case TOPIC -> {
                Topic topic = topics.topic(name);
                if (topic == null) throw new UnknownTopicOrPartitionException("topic " + name + " does not exist");
                yield ConfigEntries.ofTopic(topic.config(), keys, synonyms);
            }
            case BROKER -> {
                checkBrokerName(name, node.nodeId());
                yield ConfigEntries.ofBroker(brokerConfig, keys, synonyms);
            }
            default ->
                throw new InvalidRequestException("describing " + ConfigResource.Type.forId(resource.resourceType())
                        + " configs is not supported; Herald describes TOPIC and BROKER configs");
        };
    }

    /** A broker resource must name this node, or be empty (the default); Kafka answers the same error otherwise. */
    static void checkBrokerName(String name, int nodeId) {
        if (!name.isEmpty() && !name.equals(Integer.toString(nodeId))) {
            throw new InvalidRequestException(
                    "unexpected broker id " + name + "; this broker is node " + nodeId + " (or use an empty name)");
        }
    }
}
