package io.herald.broker.handler;

import io.herald.broker.partition.Partition;
import io.herald.broker.producer.ActiveProducer;
import io.herald.broker.topic.TopicRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;

/**
 * DescribeProducers ({@code kafka-transactions describe-producers}, {@code Admin.describeProducers}): the idempotent
 * producers a partition holds state for, with their epoch, last sequence and last timestamp. Without transactions the
 * coordinator epoch and the transaction start offset are always -1.
 */
final class DescribeProducersHandler implements RequestHandler<DescribeProducersRequest> {
    private final TopicRegistry topics;

    DescribeProducersHandler(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DescribeProducersRequest request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData().setThrottleTimeMs(0);
        for (DescribeProducersRequestData.TopicRequest topic : request.data().topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            for (int index : topic.partitionIndexes()) {
                PartitionResponse out = new PartitionResponse().setPartitionIndex(index);
                Partition partition = topics.partition(new TopicPartition(topic.name(), index));
                if (partition == null) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    out.setErrorCode(Errors.NONE.code());
                    for (ActiveProducer p : partition.activeProducers())
                        out.activeProducers().add(state(p));
                }
                topicResponse.partitions().add(out);
            }
            response.topics().add(topicResponse);
        }
        return new DescribeProducersResponse(response);
    }

    private static ProducerState state(ActiveProducer p) {
        return new ProducerState()
                .setProducerId(p.producerId())
                .setProducerEpoch(p.producerEpoch())
                .setLastSequence(p.lastSequence())
                .setLastTimestamp(p.lastTimestamp())
                .setCoordinatorEpoch(p.coordinatorEpoch())
                .setCurrentTxnStartOffset(p.currentTxnStartOffset());
    }
}
