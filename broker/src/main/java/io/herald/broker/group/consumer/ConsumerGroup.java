package io.herald.broker.group.consumer;

import io.herald.broker.group.consumer.SubscribedTopics.TopicMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer group of the consumer group protocol (KIP-848, ConsumerGroupHeartbeat v0-1), as Kafka 4.4's group
 * coordinator runs it: the server assigns partitions, and each member converges to its target assignment on its own
 * heartbeats, never stopping the others.
 *
 * <p><b>A heartbeat</b> ({@link #heartbeat}) is handled in Kafka's order: the request is validated ({@link
 * HeartbeatRequestValidator}), the member found, created or taken over from a static member that left ({@link
 * MemberLookup}), and its metadata updated. The <em>group epoch</em> is bumped when the group is new, when the member's
 * subscription (names or regex) or the group's preferred assignor changed, or when a subscribed topic was created,
 * deleted or got partitions. When the group epoch has moved past the <em>target assignment epoch</em>, the preferred
 * assignor computes a new target for every member ({@link TargetAssignmentBuilder}). Then the heartbeating member, and
 * only it, is reconciled one step towards its target ({@link CurrentAssignmentBuilder}, which draws the member state
 * machine), and its session deadline is renewed. The answer carries the member id, the member epoch, the heartbeat
 * interval and, when the request was a join or a full one or the assignment changed, the partitions the member owns.
 * Errors go in the answer's error code and message, with Kafka's messages; a failed heartbeat changes nothing.
 *
 * <p><b>Leaving.</b> Epoch -1 removes the member and bumps the group epoch. Epoch -2 (static members only) keeps the
 * member, at epoch -2, with its partitions until its session expires; a new member id joining with the same {@code
 * group.instance.id} takes its place and its partitions without a rebalance.
 *
 * <p><b>Timers.</b> {@link #expire} fences members whose session deadline (last heartbeat plus {@code
 * group.consumer.session.timeout.ms}) has passed, and members that did not revoke partitions within their rebalance
 * timeout; the caller keeps one timer per group at {@link #nextDeadlineMs}, and calls {@code expire} when it fires.
 *
 * <p><b>State</b> ({@link #state}), as {@code kafka-consumer-groups} prints it: Empty (no members), Assigning (the group
 * epoch is ahead of the target assignment epoch), Reconciling (a member is not yet stable at the target assignment
 * epoch), Stable.
 *
 * <p><b>Use by the coordinator.</b> For a ConsumerGroupHeartbeat: check it with {@link
 * HeartbeatRequestValidator#validate} first (an invalid request creates no group), create the group when there is none,
 * whatever the member epoch, call {@link #heartbeat}, and drop the group again if it is still empty at group epoch 0.
 * Kafka answers GROUP_ID_NOT_FOUND to a heartbeat with a non-zero epoch for a group it does not have, but Kafka never
 * loses a group under its members, and that error is fatal to its clients; Herald loses groups on restart, so the
 * group's UNKNOWN_MEMBER_ID, which makes them rejoin, is the right answer. Groups of the classic protocol with the same
 * id are the coordinator's to refuse (Kafka: GROUP_ID_NOT_FOUND "Group %s is not a consumer group.").
 *
 * <p><b>Differs from Kafka.</b>
 *
 * <ul>
 *   <li>Nothing is persisted. Kafka writes each change as records to {@code __consumer_offsets} and rebuilds its
 *       groups by replaying them; Herald's groups live in memory, so after a restart a member's next heartbeat finds
 *       no member. It gets UNKNOWN_MEMBER_ID, on which Kafka's clients give up their partitions and rejoin with epoch
 *       0 and the same member id. Committed offsets are not affected: they are the offset store's.
 *   <li>The target assignment is computed at once by the heartbeat that finds the group epoch bumped; Kafka 4.4 spaces
 *       assignments by {@code group.consumer.assignment.interval.ms} and may run the assignor on another thread.
 *   <li>Regexes are matched with java.util.regex at every heartbeat ({@link SubscribedTopics}); Kafka uses RE2J and
 *       refreshes them in the background. Topic metadata is likewise compared at every heartbeat.
 *   <li>No racks, and no members of the classic protocol in a consumer group (no online upgrade or downgrade).
 *   <li>When members ask for different assignors, the most asked for wins and ties go to the one listed first in
 *       {@code group.consumer.assignors}; Kafka breaks ties arbitrarily.
 *   <li>Version 0 joins without a member id get a random one ({@link Uuid#randomUuid}), as in Kafka; it is the only
 *       randomness here.
 * </ul>
 *
 * <p><b>Thread-safety.</b> Not thread-safe: the coordinator owns each group and calls it under that group's lock. It
 * reads no clock; every time comes in as {@code nowMs}.
 */
public final class ConsumerGroup {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    private final String groupId;
    private final ConsumerGroupConfig config;
    private final GroupMembers members = new GroupMembers();
    private SortedMap<String, SortedSet<TopicIdPartition>> targetAssignment = new TreeMap<>();
    private Map<String, TopicMetadata> subscriptionMetadata = new HashMap<>();
    private Map<String, SortedSet<String>> resolvedRegexes = new HashMap<>();
    private int groupEpoch;
    private int assignmentEpoch;

    public ConsumerGroup(String groupId, ConsumerGroupConfig config) {
        this.groupId = Objects.requireNonNull(groupId);
        this.config = Objects.requireNonNull(config);
    }

    /**
     * Handles one ConsumerGroupHeartbeat of {@code version} (0 or 1) for this group; see the class comment.
     *
     * @param clientId the client id of the request's header
     * @param clientHost the client's address as Kafka reports it ({@code InetAddress.toString()}, e.g. {@code
     *     /127.0.0.1})
     * @param topics the broker's topics now
     * @throws IllegalArgumentException if the (valid) request is for another group
     */
    public ConsumerGroupHeartbeatResponseData heartbeat(
            ConsumerGroupHeartbeatRequestData request,
            short version,
            String clientId,
            String clientHost,
            TopicView topics,
            long nowMs) {
        try {
            HeartbeatRequestValidator.throwIfInvalid(request, version, config);
            if (!groupId.equals(request.groupId())) {
                throw new IllegalArgumentException(
                        "heartbeat for group '" + request.groupId() + "' sent to group '" + groupId + "'");
            }
            int memberEpoch = request.memberEpoch();
            if (memberEpoch == CurrentAssignment.LEAVE_GROUP_MEMBER_EPOCH
                    || memberEpoch == CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                return leave(request);
            }
            return memberHeartbeat(request, clientId, clientHost, topics, nowMs);
        } catch (ApiException e) {
            return new ConsumerGroupHeartbeatResponseData()
                    .setErrorCode(Errors.forException(e).code())
                    .setErrorMessage(e.getMessage());
        }
    }

    private ConsumerGroupHeartbeatResponseData memberHeartbeat(
            ConsumerGroupHeartbeatRequestData request,
            String clientId,
            String clientHost,
            TopicView topics,
            long nowMs) {
        String memberId = request.memberId().isEmpty() ? Uuid.randomUuid().toString() : request.memberId();
        SortedSet<TopicIdPartition> owned = TopicIdPartition.fromRequest(request.topicPartitions());
        MemberLookup.Found found = MemberLookup.forHeartbeat(
                members, groupId, config.maxSize(), memberId, request.memberEpoch(), request.instanceId(), owned);
        ConsumerGroupMember member = found.member();
        MemberMetadata metadata = member.metadata().updatedWith(request, clientId, clientHost);
        SubscribedTopics subscribedTopics = new SubscribedTopics(topics);
        if (metadata.hasSubscribedTopicRegex()
                && !metadata.subscribedTopicRegex().equals(member.metadata().subscribedTopicRegex())) {
            subscribedTopics.throwIfInvalid(metadata.subscribedTopicRegex());
        }
        // Every check is done: from here on the group changes, and nothing throws an ApiException.
        if (found.replaced() != null) replaceStaticMember(found.replaced(), member);
        if (!members.contains(memberId)) {
            LOG.info("[GroupId {}] Member {} joins the consumer group.", groupId, memberId);
        }
        boolean subscriptionChanged = !metadata.hasSameSubscription(member.metadata());
        String assignorBefore = preferredAssignor();
        ConsumerGroupMember updated = member.withMetadata(metadata);
        members.put(updated);
        boolean bumpGroupEpoch = groupEpoch == 0 || subscriptionChanged || !assignorBefore.equals(preferredAssignor());
        bumpGroupEpoch |= refreshSubscriptionMetadata(subscribedTopics);
        if (bumpGroupEpoch) groupEpoch++;
        if (groupEpoch > assignmentEpoch) updateTargetAssignment(subscribedTopics);
        ConsumerGroupMember reconciled = reconcile(updated, subscribedTopics, subscriptionChanged, owned, nowMs);
        members.put(reconciled);

        return response(request, member, reconciled);
    }

    private void updateTargetAssignment(SubscribedTopics subscribedTopics) {
        targetAssignment = TargetAssignmentBuilder.build(
                ServerAssignor.named(preferredAssignor()),
                members.all(),
                targetAssignment,
                subscribedTopics,
                subscriptionMetadata);
        assignmentEpoch = groupEpoch;
        LOG.debug("[GroupId {}] Target assignment of epoch {}: {}.", groupId, assignmentEpoch, targetAssignment);
    }

    /** The answer: the assignment goes along to a joining member, to a full request, and when it changed. */
    private ConsumerGroupHeartbeatResponseData response(
            ConsumerGroupHeartbeatRequestData request, ConsumerGroupMember before, ConsumerGroupMember after) {
        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(after.memberId())
                .setMemberEpoch(after.memberEpoch())
                .setHeartbeatIntervalMs(config.heartbeatIntervalMs());
        Set<TopicIdPartition> assigned = after.assignment().assignedPartitions().keySet();
        if (request.memberEpoch() == 0
                || isFullRequest(request)
                || !assigned.equals(before.assignment().assignedPartitions().keySet())) {
            response.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment()
                    .setTopicPartitions(TopicIdPartition.toHeartbeatResponse(assigned)));
        }
        return response;
    }

    /** A request with every field a client sends when it joins or recovers from an error: it gets the assignment. */
    private static boolean isFullRequest(ConsumerGroupHeartbeatRequestData request) {
        return request.rebalanceTimeoutMs() != -1
                && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
                && request.topicPartitions() != null;
    }

    private void replaceStaticMember(ConsumerGroupMember replaced, ConsumerGroupMember successor) {
        members.remove(replaced.memberId());
        SortedSet<TopicIdPartition> target = targetAssignment.remove(replaced.memberId());
        if (target != null) targetAssignment.put(successor.memberId(), target);
        LOG.info(
                "[GroupId {}] Static member {} with instance id {} replaces member {}.",
                groupId,
                successor.memberId(),
                successor.instanceId(),
                replaced.memberId());
    }

    /** Re-reads the subscribed topics; true if one of them was created, deleted, recreated or got partitions. */
    private boolean refreshSubscriptionMetadata(SubscribedTopics subscribedTopics) {
        SortedSet<String> subscribed = subscribedTopics.topicNames(members.all());
        Map<String, TopicMetadata> metadata = subscribedTopics.metadata(subscribed);
        boolean changed = false;
        for (String name : subscribed) {
            changed |= !Objects.equals(metadata.get(name), subscriptionMetadata.get(name));
        }
        subscriptionMetadata = metadata;
        resolvedRegexes = new HashMap<>(subscribedTopics.resolvedRegexes());
        return changed;
    }

    private ConsumerGroupMember reconcile(
            ConsumerGroupMember member,
            SubscribedTopics subscribedTopics,
            boolean subscriptionChanged,
            Set<TopicIdPartition> owned,
            long nowMs) {
        CurrentAssignment current = member.assignment();
        CurrentAssignment next = new CurrentAssignmentBuilder(
                        current,
                        assignmentEpoch,
                        targetAssignment.getOrDefault(member.memberId(), new TreeSet<>()),
                        subscribedTopics.topicIds(member.metadata()),
                        subscriptionChanged,
                        owned,
                        partition -> {
                            String owner = members.owner(partition);
                            return owner != null && !owner.equals(member.memberId());
                        })
                .build();
        long rebalanceDeadlineMs = member.rebalanceDeadlineMs();
        if (!next.equals(current)) {
            rebalanceDeadlineMs = next.state() == MemberState.UNREVOKED_PARTITIONS
                    ? nowMs + member.metadata().rebalanceTimeoutMs()
                    : ConsumerGroupMember.NO_DEADLINE;
        }
        return member.withAssignment(next, rebalanceDeadlineMs).withSessionDeadline(nowMs + config.sessionTimeoutMs());
    }

    private ConsumerGroupHeartbeatResponseData leave(ConsumerGroupHeartbeatRequestData request) {
        ConsumerGroupMember member = MemberLookup.forLeave(members, groupId, request.memberId(), request.instanceId());
        if (request.memberEpoch() == CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            members.put(
                    member.withAssignment(member.assignment().leftAsStaticMember(), ConsumerGroupMember.NO_DEADLINE));
            LOG.info(
                    "[GroupId {}] Static member {} with instance id {} temporarily left the consumer group.",
                    groupId,
                    member.memberId(),
                    member.instanceId());
            return new ConsumerGroupHeartbeatResponseData()
                    .setMemberId(member.memberId())
                    .setMemberEpoch(CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH);
        }
        fence(member, "it left the group");
        return new ConsumerGroupHeartbeatResponseData()
                .setMemberId(request.memberId())
                .setMemberEpoch(request.memberEpoch());
    }

    private void fence(ConsumerGroupMember member, String reason) {
        members.remove(member.memberId());
        targetAssignment.remove(member.memberId());
        groupEpoch++;
        LOG.info("[GroupId {}] Member {} fenced from the group because {}.", groupId, member.memberId(), reason);
    }

    /** Fences every member whose session deadline, or (while revoking) rebalance deadline, is at or before now. */
    public void expire(long nowMs) {
        for (ConsumerGroupMember member : List.copyOf(members.all())) {
            if (nowMs >= member.sessionDeadlineMs()) {
                fence(member, "its session expired");
            } else if (member.state() == MemberState.UNREVOKED_PARTITIONS && nowMs >= member.rebalanceDeadlineMs()) {
                fence(
                        member,
                        "it did not revoke its partitions within its rebalance timeout of "
                                + member.metadata().rebalanceTimeoutMs() + "ms");
            }
        }
    }

    /** When {@link #expire} next has something to do, or {@link Long#MAX_VALUE} if never (no members). */
    public long nextDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (ConsumerGroupMember member : members.all()) next = Math.min(next, member.nextDeadlineMs());
        return next;
    }

    /** The assignor members use: the one most of them ask for, ties to the first configured, else the default. */
    String preferredAssignor() {
        return members.preferredAssignor(config.assignors());
    }

    public String groupId() {
        return groupId;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    int assignmentEpoch() {
        return assignmentEpoch;
    }

    /** Empty, Assigning, Reconciling or Stable: Kafka's names for a consumer group's states. */
    public String state() {
        if (members.isEmpty()) return "Empty";
        if (groupEpoch > assignmentEpoch) return "Assigning";
        for (ConsumerGroupMember member : members.all()) {
            if (!member.assignment().isReconciledTo(assignmentEpoch)) return "Reconciling";
        }
        return "Stable";
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Every topic a member subscribes to, by name or (as of the last heartbeat) by regex. */
    public Set<String> subscribedTopicNames() {
        Set<String> names = new TreeSet<>();
        members.all().forEach(member -> names.addAll(subscribedTopicNames(member)));
        return names;
    }

    SortedSet<String> subscribedTopicNames(ConsumerGroupMember member) {
        SortedSet<String> names = new TreeSet<>(member.metadata().subscribedTopicNames());
        if (member.metadata().hasSubscribedTopicRegex()) {
            names.addAll(resolvedRegexes.getOrDefault(member.metadata().subscribedTopicRegex(), new TreeSet<>()));
        }
        return names;
    }

    /** The members, by member id. */
    public List<MemberSummary> members(TopicView topics) {
        return GroupDescriber.summaries(this, topics);
    }

    /** This group as ConsumerGroupDescribe (v0-1) answers it; see {@link GroupDescriber}. */
    public ConsumerGroupDescribeResponseData.DescribedGroup describe(
            TopicView topics, boolean includeAuthorizedOperations) {
        return GroupDescriber.describe(this, topics, includeAuthorizedOperations);
    }

    /**
     * The error for one partition of an OffsetCommit (version {@code apiVersion}) into this group, as Kafka 4.4 decides
     * it: NONE for an admin or standalone commit (negative epoch) while the group has no members; UNKNOWN_MEMBER_ID
     * for a member id the group does not have; UNSUPPORTED_VERSION below version 9; STALE_MEMBER_EPOCH for an epoch
     * above the member's, or below it unless the partition is the member's (assigned or being revoked) since an
     * epoch no later than the one sent (KIP-1251).
     *
     * @param topicId the topic's id, or null when the topic does not exist
     */
    public Errors validateOffsetCommit(
            String memberId, int memberEpoch, short apiVersion, Uuid topicId, int partition) {
        return OffsetRequestValidator.validateCommit(members, memberId, memberEpoch, apiVersion, topicId, partition);
    }

    /**
     * The error for an OffsetFetch into this group, as Kafka decides it: NONE without a member id and with a negative
     * epoch (admin clients, old versions); UNKNOWN_MEMBER_ID for a member id the group does not have;
     * STALE_MEMBER_EPOCH unless the epoch is the member's.
     *
     * @param memberId null when the request has none
     */
    public Errors validateOffsetFetch(String memberId, int memberEpoch) {
        return OffsetRequestValidator.validateFetch(members, memberId, memberEpoch);
    }

    GroupMembers groupMembers() {
        return members;
    }

    SortedSet<TopicIdPartition> targetAssignment(String memberId) {
        return targetAssignment.getOrDefault(memberId, new TreeSet<>());
    }

    /** The member with {@code memberId}, or null. */
    ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }
}
