package io.herald.broker.handler;

import io.herald.broker.BrokerConfig;
import io.herald.broker.group.GroupCoordinator;
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
            GroupCoordinator groups,
            BrokerNode node) {
        return ApiDispatcher.builder()
                .route(
                        ApiKeys.METADATA,
                        new MetadataHandler(topics, node, config.autoCreateTopics(), config.numPartitions()))
                .routeDeferred(ApiKeys.PRODUCE, new ProduceHandler(topics, RequestDeadlines.shared()))
                .route(ApiKeys.FETCH, new FetchHandler(topics, signal, RequestDeadlines.shared()))
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
                .route(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(node))
                .routeDeferred(ApiKeys.JOIN_GROUP, new JoinGroupHandler(groups))
                .routeDeferred(ApiKeys.SYNC_GROUP, new SyncGroupHandler(groups))
                .route(ApiKeys.HEARTBEAT, new HeartbeatHandler(groups))
                .route(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(groups))
                .routeDeferred(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(groups, topics))
                .route(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(groups, topics))
                .route(ApiKeys.LIST_GROUPS, new ListGroupsHandler(groups))
                .route(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(groups))
                .routeDeferred(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(groups))
                .routeDeferred(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(groups))
                .route(ApiKeys.CONSUMER_GROUP_HEARTBEAT, new ConsumerGroupHeartbeatHandler(groups))
                .route(ApiKeys.CONSUMER_GROUP_DESCRIBE, new ConsumerGroupDescribeHandler(groups))
                .build();
    }
}
