package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.topic.TopicRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords: per partition, moves the log start offset up to the requested offset (-1 = the high watermark) and
 * answers the new log start offset as the low watermark; an offset past the high watermark is {@code
 * OFFSET_OUT_OF_RANGE}, an offset below the log start offset changes nothing. As in Kafka, a topic whose {@code
 * cleanup.policy} lacks {@code delete} refuses it with {@code POLICY_VIOLATION}. The new start is on disk when the
 * response is sent and survives restarts.
 *
 * <p>Differs from Kafka: {@code timeoutMs} is ignored, since a single node applies the deletion at once (Kafka waits for
 * the followers' low watermarks).
 */
final class DeleteRecordsHandler implements RequestHandler<DeleteRecordsRequest> {
    private static final long HIGH_WATERMARK = DeleteRecordsRequest.HIGH_WATERMARK;

    private final TopicRegistry topics;

    DeleteRecordsHandler(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DeleteRecordsRequest request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData().setThrottleTimeMs(0);
        for (DeleteRecordsTopic topic : request.data().topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                DeleteRecordsPartitionResult result =
                        new DeleteRecordsPartitionResult().setPartitionIndex(p.partitionIndex());
                try {
                    result.setLowWatermark(delete(tp, p.offset())).setErrorCode(Errors.NONE.code());
                } catch (RuntimeException e) {
                    result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                            .setErrorCode(KafkaErrors.ofAnswered(e, "deleting records of " + tp)
                                    .code());
                }
                topicResult.partitions().add(result);
            }
            response.topics().add(topicResult);
        }
        return new DeleteRecordsResponse(response);
    }

    private long delete(TopicPartition tp, long offset) {
        Partition partition = topics.partition(tp);
        if (partition == null) throw new UnknownTopicOrPartitionException(tp + " does not exist");
        if (!partition.config().logConfig().cleanupDelete()) {
            throw new PolicyViolationException("records of " + tp + " cannot be deleted: its cleanup.policy is "
                    + partition.config().logConfig().cleanupPolicy() + ", without delete");
        }
        if (offset == HIGH_WATERMARK) return partition.deleteRecordsBefore(partition.highWatermark());
        if (offset < 0) throw new OffsetOutOfRangeException("offset " + offset + " is negative; give -1 or an offset");
        return partition.deleteRecordsBefore(offset);
    }
}
