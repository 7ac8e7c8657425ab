package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit: answered once the committed offsets are durable in {@code __consumer_offsets}. From v10 topics come
 * by id; an unknown id is {@code UNKNOWN_TOPIC_ID} for its partitions and the rest of the request goes on.
 */
final class OffsetCommitHandler implements DeferredRequestHandler<OffsetCommitRequest> {
    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    OffsetCommitHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, OffsetCommitRequest request) {
        short version = context.apiVersion();
        OffsetCommitRequestData data = request.data();
        List<OffsetCommitResponseTopic> unknown = new ArrayList<>();
        if (OffsetCommitResponse.useTopicIds(version)) {
            List<OffsetCommitRequestTopic> known = new ArrayList<>();
            for (OffsetCommitRequestTopic t : data.topics()) {
                Topic topic = topics.topic(t.topicId());
                if (topic == null) {
                    OffsetCommitResponseTopic failed = new OffsetCommitResponseTopic().setTopicId(t.topicId());
                    t.partitions()
                            .forEach(p -> failed.partitions()
                                    .add(new OffsetCommitResponsePartition()
                                            .setPartitionIndex(p.partitionIndex())
                                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                    unknown.add(failed);
                } else {
                    known.add(t.duplicate().setName(topic.name()));
                }
            }
            data = data.duplicate().setTopics(known);
        }
        return coordinator.commitOffsets(version, data).thenApply(response -> {
            response.topics().addAll(unknown);
            return new OffsetCommitResponse(response.setThrottleTimeMs(0));
        });
    }
}
