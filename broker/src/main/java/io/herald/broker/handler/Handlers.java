package io.herald.broker.handler;

import io.herald.broker.partition.AppendSignal;
import io.herald.broker.producer.ProducerIdAllocator;
import io.herald.broker.topic.TopicRegistry;
import org.apache.kafka.common.protocol.ApiKeys;

/** Builds the dispatch table: which handler answers which Kafka API. The one place an API is switched on. */
public final class Handlers {
    private Handlers() {}

    public static ApiDispatcher dispatcher(
            TopicRegistry topics,
            AppendSignal signal,
            ProducerIdAllocator producerIds,
            BrokerNode node,
            boolean autoCreateTopics,
            int numPartitions) {
        return ApiDispatcher.builder()
                .route(ApiKeys.METADATA, new MetadataHandler(topics, node, autoCreateTopics, numPartitions))
                .route(ApiKeys.PRODUCE, new ProduceHandler(topics))
                .route(ApiKeys.FETCH, new FetchHandler(topics, signal))
                .route(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(topics))
                .route(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(topics))
                .route(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds))
                .route(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(topics))
                .build();
    }
}
