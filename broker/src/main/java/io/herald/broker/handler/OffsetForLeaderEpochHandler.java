package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.TopicRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * OffsetForLeaderEpoch, which consumers use to check their position after a leader change: every batch was written in
 * the one epoch {@link Partition#LEADER_EPOCH}, so that epoch ends at the log end offset, and any later epoch is
 * unknown (epoch -1, offset -1), as Kafka answers for an epoch past its latest.
 */
final class OffsetForLeaderEpochHandler implements RequestHandler<OffsetsForLeaderEpochRequest> {
    private final TopicRegistry topics;

    OffsetForLeaderEpochHandler(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, OffsetsForLeaderEpochRequest request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData().setThrottleTimeMs(0);
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic :
                request.data().topics()) {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : topic.partitions()) {
                Partition partition = topics.partition(new TopicPartition(topic.topic(), p.partition()));
                result.partitions().add(answer(partition, p));
            }
            response.topics().add(result);
        }
        return new OffsetsForLeaderEpochResponse(response);
    }

    private static EpochEndOffset answer(
            Partition partition, OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p) {
        EpochEndOffset out = new EpochEndOffset().setPartition(p.partition());
        if (partition == null) return out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        if (p.currentLeaderEpoch() > Partition.LEADER_EPOCH) {
            return out.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
        }
        if (p.leaderEpoch() > Partition.LEADER_EPOCH) {
            return out.setErrorCode(Errors.NONE.code()).setLeaderEpoch(-1).setEndOffset(-1);
        }
        return out.setErrorCode(Errors.NONE.code())
                .setLeaderEpoch(Partition.LEADER_EPOCH)
                .setEndOffset(partition.logEndOffset());
    }
}
