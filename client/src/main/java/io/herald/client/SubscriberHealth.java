package io.herald.client;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A snapshot of a subscriber's state for health checks and metrics.
 *
 * @param running whether the delivery loop runs (false after close or a fatal consumer error)
 * @param paused whether the subscriber is paused by {@link EventSubscriber#pause()}
 * @param pausedPartitions the partitions not fetched from now: all of them after a pause takes effect, and those with
 *     too many events in flight (backpressure)
 * @param inFlight events handed to handlers and not finished, per assigned partition
 * @param lag records not yet fetched, per assigned partition (known after the first fetch)
 * @param failureCount handler, dead-letter and commit failures since start
 * @param lastFailure the last failure's class and message, or null
 * @param lastFailureAt when it happened, or null
 */
public record SubscriberHealth(
        boolean running,
        boolean paused,
        Set<TopicPartition> pausedPartitions,
        Map<TopicPartition, Integer> inFlight,
        Map<TopicPartition, Long> lag,
        long failureCount,
        String lastFailure,
        Instant lastFailureAt) {}
