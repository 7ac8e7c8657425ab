package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.partition.AppendSignal;
import io.herald.broker.producer.ProducerIdAllocator;
import io.herald.broker.topic.TopicRegistry;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Builds the dispatch table: which handler answers which Kafka API. The one place an API is switched on.
 *
 * <p>Not routed on purpose: ElectLeaders, AlterPartitionReassignments and ListPartitionReassignments, which mean nothing
 * on a single node where every partition has one replica and one leader forever.
 */
public final class Handlers {
    private Handlers() {}

    public static ApiDispatcher dispatcher(
            BrokerConfig config,
            TopicRegistry topics,
            AppendSignal signal,
            ProducerIdAllocator producerIds,
            BrokerNode node) {
        return ApiDispatcher.builder()
                .route(
                        ApiKeys.METADATA,
                        new MetadataHandler(topics, node, config.autoCreateTopics(), config.numPartitions()))
                .routeDeferred(ApiKeys.PRODUCE, new ProduceHandler(topics))
                .route(ApiKeys.FETCH, new FetchHandler(topics, signal))
                .route(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(topics))
                .route(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(topics))
                .route(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(topics, node, config.numPartitions()))
                .route(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(topics))
                .route(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(topics, node))
                .route(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(topics, config, node))
                .route(ApiKeys.ALTER_CONFIGS, new AlterConfigsHandler(topics, node))
                .route(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(topics, node))
                .route(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(node))
                .route(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, new DescribeTopicPartitionsHandler(topics, node))
                .route(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(topics))
                .route(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds))
                .route(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(topics))
                .build();
    }
}
