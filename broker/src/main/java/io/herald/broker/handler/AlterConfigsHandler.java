package io.herald.broker.handler;

import io.herald.broker.topic.TopicRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;

/**
 * AlterConfigs (the legacy, non-incremental API): replaces a topic's whole set of config overrides with the ones in
 * the request (a config left out goes back to the broker's or Kafka's default), or with {@code validateOnly} only
 * checks them. The new config applies to the topic's partitions before the response is sent, and survives restarts.
 * An unknown name or a bad value is {@code INVALID_CONFIG} with Herald's message naming the rule.
 *
 * <p>Differs from Kafka: broker resources are refused with {@code INVALID_REQUEST}, as Herald has no dynamic broker
 * configs (see {@link #checkTopicResource}).
 */
final class AlterConfigsHandler implements RequestHandler<AlterConfigsRequest> {
    private final TopicRegistry topics;
    private final BrokerNode node;

    AlterConfigsHandler(TopicRegistry topics, BrokerNode node) {
        this.topics = topics;
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, AlterConfigsRequest request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsResource resource : request.data().resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                checkTopicResource(resource.resourceType(), resource.resourceName(), node.nodeId());
                Map<String, String> overrides = new LinkedHashMap<>();
                for (AlterableConfig c : resource.configs()) overrides.put(c.name(), c.value());
                topics.alterConfigs(
                        resource.resourceName(), overrides, request.data().validateOnly());
                result.setErrorCode(Errors.NONE.code());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "altering configs of " + resource.resourceName())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.responses().add(result);
        }
        return new AlterConfigsResponse(response);
    }

    /**
     * Passes a topic resource; refuses the others with a message saying why. Broker configs could only be changed for
     * this process and would be lost on restart, or need a second persisted config layer; Herald has neither yet.
     */
    static void checkTopicResource(byte resourceType, String name, int nodeId) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        switch (type) {
            case TOPIC -> {}
            case BROKER -> {
                DescribeConfigsHandler.checkBrokerName(name, nodeId);
                throw new InvalidRequestException("broker configs are static in Herald: set them in the broker's"
                        + " properties (--config file or --set name=value) and restart; dynamic broker configs are"
                        + " not supported");
            }
            case BROKER_LOGGER ->
                throw new InvalidRequestException(
                        "changing log levels at runtime is not supported by Herald; set them in the logging config");
            default ->
                throw new InvalidRequestException(
                        "altering " + type + " configs is not supported; Herald alters TOPIC configs only");
        }
    }
}
