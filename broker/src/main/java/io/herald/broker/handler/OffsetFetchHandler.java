package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch: committed offsets of one group (v1-7, in the top-level fields) or of several (v8+); null topics mean
 * every partition the group committed. A partition without a commit answers offset -1. From v10 topics are named by
 * id; committed offsets of a topic that no longer exists are left out of an all-partitions answer.
 */
final class OffsetFetchHandler implements RequestHandler<OffsetFetchRequest> {
    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    OffsetFetchHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, OffsetFetchRequest request) {
        short version = context.apiVersion();
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<OffsetFetchResponseGroup> groups = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.groups()) {
            groups.add(byId ? fetchById(group) : coordinator.fetchOffsets(group));
        }
        OffsetFetchResponseData response = new OffsetFetchResponseData().setThrottleTimeMs(0);
        if (version >= OffsetFetchRequest.BATCH_MIN_VERSION) {
            return new OffsetFetchResponse(response.setGroups(groups), version);
        }
        OffsetFetchResponseGroup only = groups.getFirst();
        for (OffsetFetchResponseTopics t : only.topics()) {
            OffsetFetchResponseTopic topic = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions()
                        .add(new OffsetFetchResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setCommittedOffset(p.committedOffset())
                                .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                                .setMetadata(p.metadata())
                                .setErrorCode(p.errorCode()));
            }
            response.topics().add(topic);
        }
        return new OffsetFetchResponse(response.setErrorCode(only.errorCode()), version);
    }

    /** Translates ids to names for the coordinator, which keeps offsets by name as Kafka's records do, and back. */
    private OffsetFetchResponseGroup fetchById(OffsetFetchRequestGroup group) {
        List<OffsetFetchResponseTopics> unknown = new ArrayList<>();
        OffsetFetchRequestGroup named = group.duplicate();
        if (group.topics() != null) {
            List<OffsetFetchRequestTopics> known = new ArrayList<>();
            for (OffsetFetchRequestTopics t : group.topics()) {
                Topic topic = topics.topic(t.topicId());
                if (topic == null) {
                    OffsetFetchResponseTopics failed = new OffsetFetchResponseTopics().setTopicId(t.topicId());
                    t.partitionIndexes()
                            .forEach(p -> failed.partitions()
                                    .add(new OffsetFetchResponsePartitions()
                                            .setPartitionIndex(p)
                                            .setCommittedOffset(-1)
                                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                    unknown.add(failed);
                } else {
                    known.add(t.duplicate().setName(topic.name()));
                }
            }
            named.setTopics(known);
        }
        OffsetFetchResponseGroup result = coordinator.fetchOffsets(named);
        List<OffsetFetchResponseTopics> withIds = new ArrayList<>();
        for (OffsetFetchResponseTopics t : result.topics()) {
            Topic topic = topics.topic(t.name());
            if (topic == null) continue;
            withIds.add(t.setTopicId(topic.id()));
        }
        withIds.addAll(unknown);
        return result.setTopics(withIds);
    }
}
