package io.herald.broker.group.consumer;

import java.util.Collection;
import org.apache.kafka.common.Uuid;

/**
 * The topics of the broker as a consumer group sees them during one call: the coordinator passes its current topic
 * metadata in, and the group keeps no reference to it. Members subscribe by name or regex; assignments go out by topic
 * id.
 */
public interface TopicView {
    /** The id of the topic named {@code topicName}, or null when there is no such topic. */
    Uuid topicId(String topicName);

    /** The name of the topic with id {@code topicId}, or null when there is no such topic. */
    String topicName(Uuid topicId);

    /** The partition count of the topic named {@code topicName}, or -1 when there is no such topic. */
    int partitionCount(String topicName);

    /**
     * Every topic name a {@code SubscribedTopicRegex} may match. Kafka matches every topic of the cluster; leaving
     * internal topics out here is the implementation's choice.
     */
    Collection<String> topicNames();
}
