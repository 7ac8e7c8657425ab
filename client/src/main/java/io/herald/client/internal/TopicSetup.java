package io.herald.client.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks a subscriber's topics before it starts and creates each missing dead-letter topic {@code <topic>.dlq} with as
 * many partitions as its topic. Stateless; one short-lived Admin client per call.
 */
public final class TopicSetup {
    private static final long TIMEOUT_MS = 30_000;

    private TopicSetup() {}

    /**
     * @throws IllegalStateException if a topic does not exist, or the broker cannot be reached, naming which
     */
    public static void requireTopicsAndCreateDeadLetterTopics(
            Map<String, Object> clientProperties, List<String> topics) {
        Map<String, Object> adminProperties = new HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (clientProperties.containsKey(name)) {
                adminProperties.put(name, clientProperties.get(name));
            }
        }
        try (Admin admin = Admin.create(adminProperties)) {
            Map<String, TopicDescription> described = new HashMap<>();
            for (String topic : topics) {
                try {
                    described.putAll(admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        throw new IllegalStateException("topic '" + topic + "' does not exist on "
                                + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                                + "; create it before subscribing");
                    }
                    throw new IllegalStateException("cannot describe topic '" + topic + "': " + e.getCause(), e);
                }
            }
            List<NewTopic> deadLetterTopics = new ArrayList<>();
            for (String topic : topics) {
                int partitions = described.get(topic).partitions().size();
                deadLetterTopics.add(
                        new NewTopic(DeadLetterWriter.topicFor(topic), Optional.of(partitions), Optional.empty()));
            }
            for (var entry : admin.createTopics(deadLetterTopics).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create dead-letter topic '" + entry.getKey() + "': " + e.getCause(), e);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "no broker answered at "
                            + clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + " within " + TIMEOUT_MS
                            + " ms; check bootstrap.servers and that the broker is running",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics " + topics, e);
        }
    }
}
