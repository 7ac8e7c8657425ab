package io.herald.broker.group;

import io.herald.broker.group.consumer.TopicView;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.Collection;
import org.apache.kafka.common.Uuid;

/** The broker's topics as consumer groups see them; internal topics are never matched by a subscription regex. */
final class RegistryTopicView implements TopicView {
    private final TopicRegistry topics;

    RegistryTopicView(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public Uuid topicId(String topicName) {
        Topic topic = topics.topic(topicName);
        return topic == null ? null : topic.id();
    }

    @Override
    public String topicName(Uuid topicId) {
        Topic topic = topics.topic(topicId);
        return topic == null ? null : topic.name();
    }

    @Override
    public int partitionCount(String topicName) {
        Topic topic = topics.topic(topicName);
        return topic == null ? -1 : topic.partitionCount();
    }

    @Override
    public Collection<String> topicNames() {
        return topics.topics().stream()
                .filter(t -> !t.isInternal())
                .map(Topic::name)
                .toList();
    }
}
