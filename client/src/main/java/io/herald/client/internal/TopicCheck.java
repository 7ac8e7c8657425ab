package io.herald.client.internal;

import io.herald.client.BrokerUnreachableException;
import io.herald.client.PublishException;
import io.herald.client.TopicNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Confirms, once per topic, that a topic exists before the first event is sent to it, and tells a missing topic from an
 * unreachable broker: the Kafka producer reports both as the same metadata timeout after {@code max.block.ms}. Topics
 * found are remembered; a deleted topic is then reported by the producer. Thread-safe.
 */
public final class TopicCheck implements AutoCloseable {
    private final Admin admin;
    private final String bootstrapServers;
    private final long maxBlockMs;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    /**
     * @param clientProperties the client's properties ({@code bootstrap.servers} and any security settings)
     * @param maxBlockMs how long to wait for the broker's answer
     */
    public TopicCheck(Map<String, Object> clientProperties, long maxBlockMs) {
        Map<String, Object> adminProperties = new java.util.HashMap<>();
        for (String name : AdminClientConfig.configNames()) {
            if (clientProperties.containsKey(name)) {
                adminProperties.put(name, clientProperties.get(name));
            }
        }
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(maxBlockMs, 1));
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(maxBlockMs, 1));
        this.admin = Admin.create(adminProperties);
        this.bootstrapServers = String.valueOf(clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.maxBlockMs = maxBlockMs;
    }

    /**
     * Returns when {@code topic} exists.
     *
     * @throws TopicNotFoundException if the broker says it does not
     * @throws BrokerUnreachableException if no broker answered within {@code max.block.ms}
     * @throws PublishException for any other failure of the check
     */
    public void requireExists(String topic) {
        if (existing.contains(topic)) {
            return;
        }
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(maxBlockMs, TimeUnit.MILLISECONDS);
            existing.add(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new TopicNotFoundException(topic, bootstrapServers, e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new BrokerUnreachableException(bootstrapServers, maxBlockMs, e.getCause());
            }
            throw new PublishException(
                    "cannot look up topic '" + topic + "': " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException(bootstrapServers, maxBlockMs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while looking up topic '" + topic + "'", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
