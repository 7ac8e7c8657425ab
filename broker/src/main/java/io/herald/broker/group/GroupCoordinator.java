package io.herald.broker.group;

import io.herald.broker.group.consumer.ConsumerGroup;
import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker: consumer groups and their committed offsets. Every group is coordinated here
 * (FindCoordinator always answers this node). A group id belongs to a classic group (JoinGroup/SyncGroup, rules in
 * {@link ClassicGroupCoordinator}) or to a consumer group of KIP-848 (ConsumerGroupHeartbeat, {@link
 * ConsumerGroupCoordinator}); an empty group of one kind gives way when a member of the other kind arrives, a non-empty
 * one refuses it, as in Kafka without online migration. Committed offsets ({@link GroupOffsets}) belong to the group id
 * whatever its kind. This class owns the groups, the one lock and the timer, and is what the request handlers call.
 *
 * <p>Recovery: on open, {@code __consumer_offsets} is replayed; every group with committed offsets comes back as an
 * Empty classic group, as in Kafka after a simple commit.
 *
 * <p>Thread-safety: one {@link ReentrantLock} guards all groups and offsets, held only for in-memory work and the
 * append of offset records (a page-cache write); waiting for the fsync and for parked JoinGroup and SyncGroup answers
 * happens outside it. Group traffic (heartbeats every few seconds, commits every few seconds per consumer) is small
 * next to produce and fetch, which never take this lock.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ClassicGroup> classicGroups = new HashMap<>();
    private final Map<String, ConsumerGroup> consumerGroups = new HashMap<>();
    /** When each empty consumer group was first seen empty by the retention check. */
    private final Map<String, Long> consumerGroupEmptySinceMs = new HashMap<>();

    private final GroupConfig config;
    private final GroupTimer timer;
    private final Clock clock;
    private final ClassicGroupCoordinator classic;
    private final ConsumerGroupCoordinator consumer;
    private final GroupOffsets offsets;
    private final ConsumerLagMetrics lagMetrics;
    private final TopicRegistry topics;

    GroupCoordinator(TopicRegistry topics, GroupConfig config, GroupTimer timer, Clock clock, String clusterId) {
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.topics = topics;
        this.classic = new ClassicGroupCoordinator(classicGroups, config, timer, clock, lock);
        this.consumer = new ConsumerGroupCoordinator(
                consumerGroups, config.consumer(), new RegistryTopicView(topics), timer, clock, lock);
        this.lagMetrics = new ConsumerLagMetrics(topics, clusterId);
        this.offsets = new GroupOffsets(new OffsetsTopic(topics, config, clock), topics, config, clock, lagMetrics);
    }

    /**
     * Replays {@code __consumer_offsets} and starts the offset retention check; consumer lag is published over JMX
     * under {@code clusterId}.
     */
    public static GroupCoordinator open(TopicRegistry topics, GroupConfig config, Clock clock, String clusterId) {
        GroupCoordinator coordinator =
                new GroupCoordinator(topics, config, new ScheduledGroupTimer(), clock, clusterId);
        coordinator.load();
        return coordinator;
    }

    void load() {
        withLock(() -> {
            offsets.load();
            for (String groupId : offsets.groupIds()) classicGroups.computeIfAbsent(groupId, this::newGroup);
            LOG.info("loaded the committed offsets of {} groups", classicGroups.size());
            return null;
        });
        scheduleRetentionCheck();
    }

    public CompletableFuture<JoinGroupResponseData> joinGroup(
            String clientId, String clientHost, short version, JoinGroupRequestData request) {
        return withLock(() -> {
            ConsumerGroup other = consumerGroups.get(request.groupId());
            if (other != null && !other.isEmpty()) {
                return CompletableFuture.completedFuture(new JoinGroupResponseData()
                        .setMemberId(request.memberId())
                        .setProtocolName(null)
                        .setErrorCode(Errors.INCONSISTENT_GROUP_PROTOCOL.code()));
            }
            if (other != null) removeConsumerGroup(other);
            return classic.join(clientId, clientHost, version, request);
        });
    }

    /** A heartbeat of the consumer group protocol (KIP-848). */
    public ConsumerGroupHeartbeatResponseData consumerGroupHeartbeat(
            String clientId, String clientHost, short version, ConsumerGroupHeartbeatRequestData request) {
        return withLock(() -> {
            ApiError invalid = consumer.validate(request, version);
            if (invalid.isFailure()) return heartbeatError(invalid.error(), invalid.message());
            ClassicGroup other = classicGroups.get(request.groupId());
            if (other != null && !other.is(ClassicGroupState.EMPTY)) {
                return heartbeatError(
                        Errors.GROUP_ID_NOT_FOUND, "Group " + request.groupId() + " is not a consumer group.");
            }
            if (other != null) classicGroups.remove(other.groupId()); // its committed offsets stay
            return consumer.heartbeat(clientId, clientHost, version, request);
        });
    }

    private static ConsumerGroupHeartbeatResponseData heartbeatError(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(message);
    }

    /** ConsumerGroupDescribe of one group: GROUP_ID_NOT_FOUND for an unknown group or a classic one. */
    public ConsumerGroupDescribeResponseData.DescribedGroup consumerGroupDescribe(
            String groupId, boolean includeAuthorizedOperations) {
        return withLock(() -> {
            ConsumerGroup group = consumerGroups.get(groupId);
            if (group != null) return consumer.describe(group, includeAuthorizedOperations);
            return new ConsumerGroupDescribeResponseData.DescribedGroup()
                    .setGroupId(groupId)
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage(
                            classicGroups.containsKey(groupId)
                                    ? "Group " + groupId + " is not a consumer group."
                                    : "Group " + groupId + " not found.");
        });
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        return withLock(() -> classic.sync(request));
    }

    public Errors heartbeat(HeartbeatRequestData request) {
        return withLock(() -> classic.heartbeat(request));
    }

    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request) {
        return withLock(() -> classic.leave(request));
    }

    /** Commits offsets; the response completes once the commit is durable. */
    public CompletableFuture<OffsetCommitResponseData> commitOffsets(short version, OffsetCommitRequestData request) {
        return withLock(() -> {
            ConsumerGroup group = consumerGroups.get(request.groupId());
            if (group != null) {
                return offsets.commit(
                        request,
                        tp -> group.validateOffsetCommit(
                                request.memberId(),
                                request.generationIdOrMemberEpoch(),
                                version,
                                topicId(tp.topic()),
                                tp.partition()));
            }
            Errors error = validateCommit(version, request);
            if (error != Errors.NONE) return CompletableFuture.completedFuture(GroupOffsets.failed(request, error));
            return offsets.commit(request, tp -> Errors.NONE);
        });
    }

    private Errors validateCommit(short version, OffsetCommitRequestData request) {
        ClassicGroup group = classicGroups.get(request.groupId());
        int generation = request.generationIdOrMemberEpoch();
        if (group == null) {
            if (generation >= 0) return version >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
            classicGroups.put(request.groupId(), newGroup(request.groupId()));
            return Errors.NONE;
        }
        if (group.is(ClassicGroupState.DEAD)) return Errors.COORDINATOR_NOT_AVAILABLE;
        // Generation -1 is an admin tool or a consumer without group management: allowed only when nobody consumes.
        if (generation < 0 && group.is(ClassicGroupState.EMPTY)) return Errors.NONE;
        if (generation >= 0 || !request.memberId().isEmpty() || request.groupInstanceId() != null) {
            try {
                group.validateMember(request.memberId(), request.groupInstanceId());
            } catch (org.apache.kafka.common.errors.ApiException e) {
                return Errors.forException(e);
            }
            if (generation != group.generationId()) return Errors.ILLEGAL_GENERATION;
        } else {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) return Errors.REBALANCE_IN_PROGRESS;
        classic.touch(group, request.memberId());
        return Errors.NONE;
    }

    private org.apache.kafka.common.Uuid topicId(String name) {
        Topic topic = topics.topic(name);
        return topic == null ? null : topic.id();
    }

    /** The committed offsets of one group: of the partitions asked for, or all when {@code request.topics()} is null. */
    public OffsetFetchResponseGroup fetchOffsets(OffsetFetchRequestGroup request) {
        return withLock(() -> {
            ConsumerGroup group = consumerGroups.get(request.groupId());
            Errors error =
                    group == null ? Errors.NONE : group.validateOffsetFetch(request.memberId(), request.memberEpoch());
            if (error != Errors.NONE) {
                return new OffsetFetchResponseGroup()
                        .setGroupId(request.groupId())
                        .setErrorCode(error.code());
            }
            return offsets.fetch(request);
        });
    }

    /** Removes committed offsets; refused for topics the group's members subscribe to. */
    public CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        return withLock(() -> {
            ConsumerGroup consumerGroup = consumerGroups.get(request.groupId());
            if (consumerGroup != null) return offsets.delete(request, consumerGroup.subscribedTopicNames());
            ClassicGroup group = classicGroups.get(request.groupId());
            if (group == null || group.is(ClassicGroupState.DEAD)) {
                return CompletableFuture.completedFuture(
                        new OffsetDeleteResponseData().setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            }
            if (!group.is(ClassicGroupState.EMPTY) && group.subscribedTopics() == null) {
                // Members whose subscriptions the broker cannot read: Kafka refuses, since any topic may be in use.
                return CompletableFuture.completedFuture(
                        new OffsetDeleteResponseData().setErrorCode(Errors.NON_EMPTY_GROUP.code()));
            }
            return offsets.delete(
                    request, group.is(ClassicGroupState.EMPTY) ? java.util.Set.of() : group.subscribedTopics());
        });
    }

    public List<ListedGroup> listGroups(List<String> statesFilter, List<String> typesFilter) {
        return withLock(() -> {
            List<ListedGroup> listed = new ArrayList<>();
            for (ClassicGroup group : classicGroups.values()) {
                String state = group.state().kafkaName();
                if (!statesFilter.isEmpty() && statesFilter.stream().noneMatch(state::equalsIgnoreCase)) continue;
                if (!typesFilter.isEmpty() && typesFilter.stream().noneMatch("classic"::equalsIgnoreCase)) continue;
                listed.add(new ListedGroup()
                        .setGroupId(group.groupId())
                        .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                        .setGroupState(state)
                        .setGroupType("classic"));
            }
            for (ConsumerGroup group : consumerGroups.values()) {
                String state = group.state();
                if (!statesFilter.isEmpty() && statesFilter.stream().noneMatch(state::equalsIgnoreCase)) continue;
                if (!typesFilter.isEmpty() && typesFilter.stream().noneMatch("consumer"::equalsIgnoreCase)) continue;
                listed.add(new ListedGroup()
                        .setGroupId(group.groupId())
                        .setProtocolType("consumer")
                        .setGroupState(state)
                        .setGroupType("consumer"));
            }
            return listed;
        });
    }

    public DescribedGroup describeGroup(String groupId) {
        return withLock(() -> {
            ClassicGroup group = classicGroups.get(groupId);
            if (group != null) return ClassicGroupDescription.of(group);
            if (consumerGroups.containsKey(groupId)) {
                // As Kafka 4: the Admin client then asks with ConsumerGroupDescribe.
                return ClassicGroupDescription.unknown(groupId)
                        .setErrorMessage("Group " + groupId + " is not a classic group.");
            }
            return ClassicGroupDescription.unknown(groupId);
        });
    }

    /** Deletes groups that have no members, with their committed offsets; completes once the tombstones are durable. */
    public CompletableFuture<List<DeletableGroupResult>> deleteGroups(List<String> groupIds) {
        return withLock(() -> {
            List<DeletableGroupResult> results = new ArrayList<>();
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (String groupId : groupIds) {
                ClassicGroup group = classicGroups.get(groupId);
                ConsumerGroup consumerGroup = consumerGroups.get(groupId);
                Errors error;
                if (consumerGroup != null) {
                    error = consumerGroup.isEmpty() ? Errors.NONE : Errors.NON_EMPTY_GROUP;
                    if (error == Errors.NONE) {
                        durable.add(offsets.deleteAll(groupId));
                        removeConsumerGroup(consumerGroup);
                        LOG.info("deleted consumer group {}", groupId);
                    }
                } else if (group == null || group.is(ClassicGroupState.DEAD)) {
                    error = Errors.GROUP_ID_NOT_FOUND;
                } else if (!group.is(ClassicGroupState.EMPTY)) {
                    error = Errors.NON_EMPTY_GROUP;
                } else {
                    durable.add(offsets.deleteAll(groupId));
                    group.transitionTo(ClassicGroupState.DEAD, clock.millis());
                    classic.onDeleted(group);
                    classicGroups.remove(groupId);
                    LOG.info("deleted group {}", groupId);
                    error = Errors.NONE;
                }
                results.add(new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code()));
            }
            return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                    .thenApply(done -> results);
        });
    }

    /**
     * Removes the offsets of groups that have been empty longer than {@code offsets.retention.minutes} (counted from
     * the last commit when the group has been empty since before this broker started), then groups left with nothing.
     * The future completes when the removals are durable.
     */
    CompletableFuture<Void> expireOffsets() {
        return withLock(() -> {
            List<CompletableFuture<Void>> tombstones = new ArrayList<>();
            long now = clock.millis();
            for (ClassicGroup group : List.copyOf(classicGroups.values())) {
                if (!group.is(ClassicGroupState.EMPTY)) continue;
                tombstones.add(offsets.expire(group.groupId(), group.stateTimestampMs(), now));
                if (!offsets.hasOffsets(group.groupId())) {
                    group.transitionTo(ClassicGroupState.DEAD, now);
                    classicGroups.remove(group.groupId());
                    LOG.info("group {} is empty and has no committed offsets left; removed", group.groupId());
                }
            }
            for (ConsumerGroup group : List.copyOf(consumerGroups.values())) {
                if (!group.isEmpty()) {
                    consumerGroupEmptySinceMs.remove(group.groupId());
                    continue;
                }
                // Seen empty at this check at the latest: counting from here expires no offset earlier than Kafka.
                long emptySince = consumerGroupEmptySinceMs.computeIfAbsent(group.groupId(), id -> now);
                tombstones.add(offsets.expire(group.groupId(), emptySince, now));
                if (!offsets.hasOffsets(group.groupId())) removeConsumerGroup(group);
            }
            return CompletableFuture.allOf(tombstones.toArray(CompletableFuture[]::new));
        });
    }

    private void removeConsumerGroup(ConsumerGroup group) {
        consumerGroups.remove(group.groupId());
        consumerGroupEmptySinceMs.remove(group.groupId());
        consumer.onDeleted(group);
    }

    private void scheduleRetentionCheck() {
        timer.schedule("offsets-retention", config.offsetsRetentionCheckIntervalMs(), () -> {
            expireOffsets();
            scheduleRetentionCheck();
        });
    }

    /** A group loaded or created by a commit is as old as the broker's knowledge of it: its offsets' ages count. */
    private ClassicGroup newGroup(String groupId) {
        return new ClassicGroup(groupId, 0);
    }

    private <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        timer.close();
        withLock(() -> {
            lagMetrics.close();
            return null;
        });
    }
}
