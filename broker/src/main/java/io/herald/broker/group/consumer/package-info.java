/**
 * The consumer group protocol of KIP-848 (ConsumerGroupHeartbeat, ConsumerGroupDescribe) as a pure, in-memory model:
 * {@link io.herald.broker.group.consumer.ConsumerGroup} is one group; the coordinator owns the groups, calls them under
 * a per-group lock with the current time and a {@link io.herald.broker.group.consumer.TopicView} of the broker's
 * topics, and keeps one timer per group at {@link io.herald.broker.group.consumer.ConsumerGroup#nextDeadlineMs}.
 *
 * <p>Start reading at {@code ConsumerGroup} (a heartbeat, step by step, and what differs from Kafka), then {@code
 * CurrentAssignmentBuilder} (the member state machine) and {@code UniformAssignor}.
 */
package io.herald.broker.group.consumer;
