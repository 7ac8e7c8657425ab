package io.herald.client.internal;

import io.herald.client.EventCodec;
import io.herald.client.RetryPolicy;
import io.herald.client.Sleeper;
import io.herald.client.StartPosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.TopicPartition;

/**
 * The immutable configuration a delivery loop runs with.
 *
 * @param groupId the consumer group
 * @param topics the topics subscribed
 * @param routes handler and record class by event type
 * @param codec reads event data
 * @param retryPolicy retries before dead-lettering
 * @param sleeper waits between retries
 * @param random jitter source, thread-safe
 * @param maxInFlightPerPartition in-flight events above which a partition is paused
 * @param maxPollRecords the consumer's {@code max.poll.records}
 * @param fetchMaxWait the consumer's {@code fetch.max.wait.ms}
 * @param revocationDrain how long a revoked partition's in-flight events may take to finish before they are abandoned
 * @param pollTimeout the longest a poll blocks, which bounds how late a commit or a close is noticed
 * @param startPosition where partitions start the first time they are assigned
 * @param commitListener told every committed offset, on the loop thread
 * @param tracing spans for handled events
 * @param metrics measurements of handled events
 */
public record SubscriberSettings(
        String groupId,
        List<String> topics,
        Map<String, Route<?>> routes,
        EventCodec codec,
        RetryPolicy retryPolicy,
        Sleeper sleeper,
        RandomGenerator random,
        int maxInFlightPerPartition,
        int maxPollRecords,
        Duration fetchMaxWait,
        Duration revocationDrain,
        Duration pollTimeout,
        StartPosition startPosition,
        Consumer<Map<TopicPartition, Long>> commitListener,
        EventTracing tracing,
        EventMetrics metrics) {}
