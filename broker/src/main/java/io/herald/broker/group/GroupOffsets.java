package io.herald.broker.group;

import io.herald.broker.topic.TopicRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of every group, in memory and in {@code __consumer_offsets}. A commit is applied to memory when its
 * records are appended and answered when they are durable, so a later OffsetFetch may see a commit whose fsync is still
 * running, never one that failed to append. Deletions write tombstones the same way.
 *
 * <p>Thread-safety: called under the coordinator's lock.
 */
final class GroupOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(GroupOffsets.class);
    private static final long NO_OFFSET = -1;

    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();
    private final OffsetsTopic topic;
    private final TopicRegistry topics;
    private final GroupConfig config;
    private final Clock clock;
    private final ConsumerLagMetrics lag;

    GroupOffsets(OffsetsTopic topic, TopicRegistry topics, GroupConfig config, Clock clock, ConsumerLagMetrics lag) {
        this.topic = topic;
        this.topics = topics;
        this.config = config;
        this.clock = clock;
        this.lag = lag;
    }

    void load() {
        topic.replay((key, committed) -> {
            if (committed == null) {
                remove(key.group(), key.partition());
            } else {
                put(key.group(), key.partition(), committed);
            }
        });
    }

    Set<String> groupIds() {
        return byGroup.keySet();
    }

    boolean hasOffsets(String groupId) {
        return byGroup.containsKey(groupId);
    }

    /** Decides, per partition, whether the committing member may commit it (KIP-848 checks partitions one by one). */
    @FunctionalInterface
    interface PartitionCheck {
        Errors check(TopicPartition tp);
    }

    CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData request, PartitionCheck check) {
        String groupId = request.groupId();
        long now = clock.millis();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<SimpleRecord> records = new ArrayList<>();
        Map<TopicPartition, CommittedOffset> accepted = new HashMap<>();
        for (OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponseTopic topicResponse =
                    new OffsetCommitResponseTopic().setName(t.name()).setTopicId(t.topicId());
            for (OffsetCommitRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                Errors error = commitError(tp, metadata, check);
                if (error == Errors.NONE) {
                    CommittedOffset committed =
                            new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), metadata, now);
                    records.add(topic.commitRecord(groupId, tp, committed));
                    accepted.put(tp, committed);
                }
                topicResponse
                        .partitions()
                        .add(new OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        if (records.isEmpty()) return CompletableFuture.completedFuture(response);
        CompletableFuture<Void> durable;
        try {
            durable = topic.append(groupId, records);
        } catch (RuntimeException e) {
            LOG.error("cannot write the offsets committed by group {}", groupId, e);
            return CompletableFuture.completedFuture(failed(request, Errors.COORDINATOR_NOT_AVAILABLE));
        }
        accepted.forEach((tp, committed) -> put(groupId, tp, committed));
        return durable.handle((ok, failure) -> {
            if (failure == null) return response;
            LOG.error("the offsets committed by group {} did not reach the disk", groupId, failure);
            // Kafka answers a failed offsets write so: the client retries, and its commit was not acknowledged.
            return failed(request, Errors.COORDINATOR_NOT_AVAILABLE);
        });
    }

    /** Why one partition's commit is refused, or NONE: in Kafka's order, topic, member, metadata size. */
    private Errors commitError(TopicPartition tp, String metadata, PartitionCheck check) {
        if (topics.partition(tp) == null) return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        Errors memberError = check.check(tp);
        if (memberError != Errors.NONE) return memberError;
        if (metadata.getBytes(StandardCharsets.UTF_8).length > config.offsetMetadataMaxBytes()) {
            return Errors.OFFSET_METADATA_TOO_LARGE;
        }
        return Errors.NONE;
    }

    static OffsetCommitResponseData failed(OffsetCommitRequestData request, Errors error) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponseTopic topicResponse =
                    new OffsetCommitResponseTopic().setName(t.name()).setTopicId(t.topicId());
            for (OffsetCommitRequestPartition p : t.partitions()) {
                topicResponse
                        .partitions()
                        .add(new OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }

    OffsetFetchResponseGroup fetch(OffsetFetchRequestGroup request) {
        Map<TopicPartition, CommittedOffset> committed = byGroup.getOrDefault(request.groupId(), Map.of());
        List<OffsetFetchResponseTopics> topicResponses = new ArrayList<>();
        if (request.topics() == null) {
            Map<String, OffsetFetchResponseTopics> byTopic = new TreeMap<>();
            committed.forEach((tp, c) -> byTopic.computeIfAbsent(
                            tp.topic(), name -> new OffsetFetchResponseTopics().setName(name))
                    .partitions()
                    .add(partition(tp.partition(), c)));
            topicResponses.addAll(byTopic.values());
        } else {
            for (OffsetFetchRequestTopics t : request.topics()) {
                OffsetFetchResponseTopics topicResponse =
                        new OffsetFetchResponseTopics().setName(t.name()).setTopicId(t.topicId());
                for (int p : t.partitionIndexes()) {
                    topicResponse.partitions().add(partition(p, committed.get(new TopicPartition(t.name(), p))));
                }
                topicResponses.add(topicResponse);
            }
        }
        return new OffsetFetchResponseGroup().setGroupId(request.groupId()).setTopics(topicResponses);
    }

    private static OffsetFetchResponsePartitions partition(int index, CommittedOffset c) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(c == null ? NO_OFFSET : c.offset())
                .setCommittedLeaderEpoch(c == null ? -1 : c.leaderEpoch())
                .setMetadata(c == null ? "" : c.metadata());
    }

    /** Deletes the offsets asked for, except those of {@code subscribedTopics} (GROUP_SUBSCRIBED_TO_TOPIC). */
    CompletableFuture<OffsetDeleteResponseData> delete(OffsetDeleteRequestData request, Set<String> subscribedTopics) {
        String groupId = request.groupId();
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (OffsetDeleteRequestTopic t : request.topics()) {
            OffsetDeleteResponseTopic topicResponse = new OffsetDeleteResponseTopic().setName(t.name());
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                Errors error = Errors.NONE;
                if (subscribedTopics.contains(t.name())) {
                    error = Errors.GROUP_SUBSCRIBED_TO_TOPIC;
                } else if (remove(groupId, tp)) {
                    tombstones.add(topic.tombstone(groupId, tp));
                }
                topicResponse
                        .partitions()
                        .add(new OffsetDeleteResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        if (tombstones.isEmpty()) return CompletableFuture.completedFuture(response);
        return topic.append(groupId, tombstones).thenApply(done -> response);
    }

    /** Deletes all of a group's offsets; the future completes once the tombstones are durable. */
    CompletableFuture<Void> deleteAll(String groupId) {
        Map<TopicPartition, CommittedOffset> removed = byGroup.remove(groupId);
        if (removed == null || removed.isEmpty()) return CompletableFuture.completedFuture(null);
        removed.keySet().forEach(tp -> lag.onRemoved(groupId, tp));
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (TopicPartition tp : removed.keySet()) tombstones.add(topic.tombstone(groupId, tp));
        return topic.append(groupId, tombstones);
    }

    /**
     * Removes the offsets of an empty group that are older than the retention: counted from when the group became
     * empty, or from the commit if that is later (a group loaded at start has no earlier record of being empty).
     * The future completes when the tombstones are durable.
     */
    CompletableFuture<Void> expire(String groupId, long emptySinceMs, long nowMs) {
        Map<TopicPartition, CommittedOffset> committed = byGroup.get(groupId);
        if (committed == null) return CompletableFuture.completedFuture(null);
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (Iterator<Map.Entry<TopicPartition, CommittedOffset>> it =
                        committed.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<TopicPartition, CommittedOffset> e = it.next();
            long base = Math.max(emptySinceMs, e.getValue().commitTimestampMs());
            if (nowMs - base >= config.offsetsRetentionMs()) {
                tombstones.add(topic.tombstone(groupId, e.getKey()));
                it.remove();
                lag.onRemoved(groupId, e.getKey());
            }
        }
        if (committed.isEmpty()) byGroup.remove(groupId);
        if (tombstones.isEmpty()) return CompletableFuture.completedFuture(null);
        LOG.info("group {}: {} committed offsets expired after offsets.retention.minutes", groupId, tombstones.size());
        // Not waited for: a tombstone lost in a crash only brings the offset back until the next check expires it.
        return topic.append(groupId, tombstones);
    }

    private void put(String groupId, TopicPartition tp, CommittedOffset committed) {
        byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, committed);
        lag.onCommitted(groupId, tp, committed);
    }

    private boolean remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> committed = byGroup.get(groupId);
        if (committed == null || committed.remove(tp) == null) return false;
        if (committed.isEmpty()) byGroup.remove(groupId);
        lag.onRemoved(groupId, tp);
        return true;
    }
}
