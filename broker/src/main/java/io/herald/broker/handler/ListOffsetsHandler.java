package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.TopicRegistry;
import io.herald.log.TimestampOffset;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets: per partition, the offset for a timestamp or for one of the special timestamps: earliest (-2, and -4
 * earliest-local: there is no remote tier) = the log start offset; latest (-1) = the high watermark, which is also the
 * last stable offset without transactions; max timestamp (-3) = the first record with the largest timestamp; latest
 * tiered (-5) = -1 (nothing is tiered); earliest pending upload (-6) = -1. A plain timestamp gives the first record
 * whose timestamp is at least that, or offset -1 when there is none, as in Kafka.
 */
final class ListOffsetsHandler implements RequestHandler<ListOffsetsRequest> {
    private final TopicRegistry topics;

    ListOffsetsHandler(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, ListOffsetsRequest request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.data().topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsRequestData.ListOffsetsPartition p : topic.partitions()) {
                Partition partition = topics.partition(new TopicPartition(topic.name(), p.partitionIndex()));
                topicResponse.partitions().add(answer(partition, p, context.apiVersion()));
            }
            response.topics().add(topicResponse);
        }
        return new ListOffsetsResponse(response);
    }

    private static ListOffsetsPartitionResponse answer(
            Partition partition, ListOffsetsRequestData.ListOffsetsPartition p, short version) {
        ListOffsetsPartitionResponse out = new ListOffsetsPartitionResponse().setPartitionIndex(p.partitionIndex());
        if (partition == null) return error(out, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        if (p.currentLeaderEpoch() > Partition.LEADER_EPOCH) return error(out, Errors.UNKNOWN_LEADER_EPOCH);
        try {
            long timestamp = p.timestamp();
            TimestampOffset found = switch ((int) Math.max(Integer.MIN_VALUE, Math.min(0, timestamp))) {
                case -2, -4 -> new TimestampOffset(RecordBatch.NO_TIMESTAMP, partition.logStartOffset());
                case -1 -> new TimestampOffset(RecordBatch.NO_TIMESTAMP, partition.highWatermark());
                case -3 -> partition.log().offsetOfMaxTimestamp().orElse(new TimestampOffset(-1, -1));
                case -5, -6 -> new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1);
                default -> {
                    if (timestamp < 0) yield null;
                    Optional<TimestampOffset> at = partition.offsetForTimestamp(timestamp);
                    yield at.orElse(new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1));
                }
            };
            if (found == null) return error(out, Errors.INVALID_REQUEST);
            return out.setErrorCode(Errors.NONE.code())
                    .setTimestamp(found.timestamp())
                    .setOffset(found.offset())
                    // v1-3 have no leader epoch field, and kafka-clients refuses to write a non-default one there
                    .setLeaderEpoch(version >= 4 ? Partition.LEADER_EPOCH : -1);
        } catch (RuntimeException e) {
            return error(out, KafkaErrors.of(e));
        }
    }

    private static ListOffsetsPartitionResponse error(ListOffsetsPartitionResponse out, Errors error) {
        return out.setErrorCode(error.code())
                .setTimestamp(RecordBatch.NO_TIMESTAMP)
                .setOffset(-1)
                .setLeaderEpoch(-1);
    }
}
