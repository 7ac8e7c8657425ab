package io.herald.broker.handler;

import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicConfigNames;
import io.herald.broker.topic.TopicRegistry;
import io.herald.log.InvalidConfigException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs: applies per-config operations to a topic's overrides, or with {@code validateOnly} only
 * checks them: SET a value, DELETE an override (back to the broker's or Kafka's default), APPEND items to or SUBTRACT
 * items from a list config such as {@code cleanup.policy}. All operations of a resource apply together or not at all;
 * the result applies to the partitions before the response is sent, and survives restarts. An unknown name, a bad
 * value, or APPEND/SUBTRACT on a config that is not a list is {@code INVALID_CONFIG}.
 *
 * <p>Differs from Kafka: APPEND and SUBTRACT start from the value in force, including a broker default (Kafka starts
 * from the topic's override, else Kafka's default); broker resources are refused as in {@link AlterConfigsHandler}.
 */
final class IncrementalAlterConfigsHandler implements RequestHandler<IncrementalAlterConfigsRequest> {
    private final TopicRegistry topics;
    private final BrokerNode node;

    IncrementalAlterConfigsHandler(TopicRegistry topics, BrokerNode node) {
        this.topics = topics;
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsResource resource : request.data().resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                AlterConfigsHandler.checkTopicResource(resource.resourceType(), resource.resourceName(), node.nodeId());
                Topic topic = topics.topic(resource.resourceName());
                if (topic == null) {
                    throw new UnknownTopicOrPartitionException("topic " + resource.resourceName() + " does not exist");
                }
                topics.alterConfigs(
                        topic.name(), apply(topic, resource), request.data().validateOnly());
                result.setErrorCode(Errors.NONE.code());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "altering configs of " + resource.resourceName())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.responses().add(result);
        }
        return new IncrementalAlterConfigsResponse(response);
    }

    /** The topic's overrides after the resource's operations. */
    private static Map<String, String> apply(Topic topic, AlterConfigsResource resource) {
        Map<String, String> overrides = new HashMap<>(topic.config().overrides());
        Set<String> seen = new HashSet<>();
        for (AlterableConfig c : resource.configs()) {
            String name = c.name();
            if (!seen.add(name)) {
                throw new InvalidRequestException(
                        "config " + name + " appears more than once; give one operation" + " per config");
            }
            if (!TopicConfigNames.isKnown(name)) {
                throw new InvalidConfigException(
                        "unknown topic config " + name + "; known configs: " + TopicConfigNames.names());
            }
            switch (operation(c)) {
                case SET -> overrides.put(name, c.value());
                case DELETE -> overrides.remove(name);
                case APPEND -> overrides.put(name, listOp(topic, c, true));
                case SUBTRACT -> overrides.put(name, listOp(topic, c, false));
            }
        }
        return overrides;
    }

    private static AlterConfigOp.OpType operation(AlterableConfig c) {
        AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(c.configOperation());
        if (op == null) {
            throw new InvalidRequestException(
                    "unknown config operation " + c.configOperation() + " for " + c.name() + "; use 0-3");
        }
        return op;
    }

    private static String listOp(Topic topic, AlterableConfig c, boolean append) {
        String name = c.name();
        if (TopicConfigNames.type(name) != ConfigDef.Type.LIST) {
            throw new InvalidConfigException((append ? "APPEND" : "SUBTRACT") + " applies to list configs only, and "
                    + name + " is not one; use SET");
        }
        if (c.value() == null)
            throw new InvalidConfigException(
                    "config " + name + " needs the items to " + (append ? "append" : "subtract"));
        Set<String> items = new LinkedHashSet<>(split(topic.config().value(name)));
        if (append) items.addAll(split(c.value()));
        else items.removeAll(split(c.value()));
        return String.join(",", items);
    }

    private static Set<String> split(String list) {
        Set<String> items = new LinkedHashSet<>();
        Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(items::add);
        return items;
    }
}
