package io.herald.client;

/**
 * The topic an event was published to does not exist. The SDK never relies on the broker creating topics on first use,
 * so that a misspelt topic name fails at once instead of creating a topic nobody reads.
 */
public final class TopicNotFoundException extends PublishException {
    private final String topic;

    /**
     * @param topic the missing topic
     * @param bootstrapServers the broker addresses asked
     * @param cause the Kafka client's exception
     */
    public TopicNotFoundException(String topic, String bootstrapServers, Throwable cause) {
        super(
                "topic '" + topic + "' does not exist on " + bootstrapServers
                        + "; create it first (Admin.createTopics or `herald topics create`)",
                cause);
        this.topic = topic;
    }

    /** The missing topic. */
    public String topic() {
        return topic;
    }
}
