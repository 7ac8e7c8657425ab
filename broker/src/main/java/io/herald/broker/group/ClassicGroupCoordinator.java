package io.herald.broker.group;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group protocol's requests, as Kafka's group coordinator answers them: JoinGroup (new, pending, existing
 * and restarted static members), SyncGroup, Heartbeat and LeaveGroup, with their checks and error codes. The
 * rebalance they set off and its deadlines are {@link ClassicRebalance}'s. The assignors run in the clients; the
 * coordinator only gathers members, picks the protocol and the leader, and hands out the leader's assignment.
 *
 * <p>JoinGroup and SyncGroup answers are futures: a member's JoinGroup stays parked until the join phase completes, as
 * in Kafka. Every method runs under the coordinator's lock.
 *
 * <p>Differs from Kafka: group membership is not written to {@code __consumer_offsets}, so after a broker restart the
 * members find their ids unknown and rejoin (committed offsets are kept). Kafka keeps the members across a coordinator
 * move, which a single node does not have.
 */
final class ClassicGroupCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroupCoordinator.class);
    /** Kafka's {@code group.classic.new.member.join.timeout.ms}: a new member's first JoinGroup waits at most this. */
    private static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60_000;

    private final Map<String, ClassicGroup> groups;
    private final GroupConfig config;
    private final Clock clock;
    private final ClassicRebalance rebalance;

    ClassicGroupCoordinator(
            Map<String, ClassicGroup> groups, GroupConfig config, GroupTimer timer, Clock clock, Lock lock) {
        this.groups = groups;
        this.config = config;
        this.clock = clock;
        this.rebalance = new ClassicRebalance(groups, config, timer, clock, lock);
    }

    CompletableFuture<JoinGroupResponseData> join(
            String clientId, String clientHost, short version, JoinGroupRequestData request) {
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        String memberId = request.memberId();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(joinError(memberId, Errors.INVALID_GROUP_ID));
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(joinError(memberId, Errors.INVALID_SESSION_TIMEOUT));
        }
        boolean unknownMember = memberId.isEmpty();
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            if (!unknownMember) return CompletableFuture.completedFuture(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
            group = new ClassicGroup(request.groupId(), clock.millis());
            groups.put(group.groupId(), group);
        }
        if (!acceptsJoiningMember(group, memberId)) {
            group.remove(memberId);
            future.complete(joinError("", Errors.GROUP_MAX_SIZE_REACHED));
        } else if (group.is(ClassicGroupState.DEAD)) {
            future.complete(joinError(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
        } else if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
            future.complete(joinError(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
        } else if (unknownMember) {
            joinNewMember(group, clientId, clientHost, version, request, future);
        } else {
            joinExistingMember(group, clientId, clientHost, request, future);
        }
        return future;
    }

    private void joinNewMember(
            ClassicGroup group,
            String clientId,
            String clientHost,
            short version,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        String instanceId = request.groupInstanceId();
        String newMemberId = group.newMemberId(clientId, instanceId);
        if (instanceId != null) {
            String existing = group.staticMemberId(instanceId);
            if (existing != null) {
                replaceStaticMember(group, existing, newMemberId, version, request, future);
            } else {
                addMemberThenRebalance(group, newMemberId, clientId, clientHost, request, future);
            }
        } else if (JoinGroupRequest.requiresKnownMemberId(version)) {
            // KIP-394: the client must come back with this id, so a lost response cannot leave ghost members.
            group.addPendingMember(newMemberId);
            rebalance.scheduleSessionExpiry(group, newMemberId, request.sessionTimeoutMs());
            future.complete(new JoinGroupResponseData()
                    .setMemberId(newMemberId)
                    .setErrorCode(Errors.MEMBER_ID_REQUIRED.code()));
        } else {
            addMemberThenRebalance(group, newMemberId, clientId, clientHost, request, future);
        }
    }

    private void joinExistingMember(
            ClassicGroup group,
            String clientId,
            String clientHost,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        String memberId = request.memberId();
        if (group.isPendingMember(memberId)) {
            addMemberThenRebalance(group, memberId, clientId, clientHost, request, future);
            return;
        }
        try {
            group.validateMember(memberId, request.groupInstanceId());
        } catch (ApiException e) {
            future.complete(joinError(memberId, Errors.forException(e)));
            return;
        }
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberThenRebalance(group, member, request, future);
            case COMPLETING_REBALANCE -> {
                if (member.matches(request.protocols())) {
                    // The member lost the join response: answer it again for the current generation.
                    future.complete(
                            ClassicRebalance.currentGeneration(group, memberId, group.isLeader(memberId), false));
                } else {
                    updateMemberThenRebalance(group, member, request, future);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(request.protocols())) {
                    // A leader's rejoin asks for a rebalance (for a change the metadata does not show).
                    updateMemberThenRebalance(group, member, request, future);
                } else {
                    future.complete(ClassicRebalance.currentGeneration(group, memberId, false, false));
                }
            }
            case EMPTY, DEAD -> future.complete(joinError(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    /** A static member restarted: its new member id takes the old one's place and assignment. */
    private void replaceStaticMember(
            ClassicGroup group,
            String oldMemberId,
            String newMemberId,
            short version,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        String leaderBefore = group.leaderId();
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        rebalance.cancelSessionExpiry(group, oldMemberId);
        rebalance.scheduleSessionExpiry(group, newMemberId, member.sessionTimeoutMs());
        String protocolBefore = group.protocolName();
        group.updateMember(
                member, request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), future);
        LOG.info(
                "group {}: static member {} rejoined as {} (was {})",
                group.groupId(),
                request.groupInstanceId(),
                newMemberId,
                oldMemberId);
        switch (group.state()) {
            case STABLE -> {
                if (group.selectProtocol().equals(protocolBefore)) {
                    // No rebalance: the member gets its generation back. A restarted leader is told it leads but
                    // must not assign again (v9+); an older client is named the old leader id, so it acts as a
                    // follower and just asks for its assignment, as Kafka answers it.
                    boolean leader = group.isLeader(newMemberId);
                    if (JoinGroupRequest.supportsSkippingAssignment(version)) {
                        member.completeJoin(ClassicRebalance.currentGeneration(group, newMemberId, leader, leader));
                    } else {
                        member.completeJoin(ClassicRebalance.currentGeneration(group, newMemberId, false, false)
                                .setLeader(leaderBefore));
                    }
                } else {
                    rebalance.maybeRebalanceOrCompleteJoin(
                            group, "static member " + newMemberId + " changed the protocol");
                }
            }
            case COMPLETING_REBALANCE ->
                // The leader may have assigned to the old member id: assign again.
                rebalance.prepareRebalance(group, "static member " + request.groupInstanceId() + " rejoined");
            default -> rebalance.maybeCompleteJoinPhase(group);
        }
    }

    private void addMemberThenRebalance(
            ClassicGroup group,
            String memberId,
            String clientId,
            String clientHost,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        ClassicMember member = new ClassicMember(
                memberId,
                request.groupInstanceId(),
                clientId,
                clientHost,
                request.protocolType(),
                request.rebalanceTimeoutMs(),
                request.sessionTimeoutMs(),
                request.protocols());
        member.setNew(true);
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && group.previousState() == ClassicGroupState.EMPTY) {
            group.setLastMemberAddedMs(clock.millis());
        }
        group.add(member);
        member.awaitJoin(future);
        // A parked JoinGroup cannot heartbeat; a client that went away is dropped after this long.
        rebalance.scheduleSessionExpiry(group, memberId, NEW_MEMBER_JOIN_TIMEOUT_MS);
        rebalance.maybeRebalanceOrCompleteJoin(group, "member " + memberId + " joined");
    }

    private void updateMemberThenRebalance(
            ClassicGroup group,
            ClassicMember member,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        group.updateMember(
                member, request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), future);
        rebalance.maybeRebalanceOrCompleteJoin(group, "member " + member.memberId() + " rejoined");
    }

    /** Cancels the group's deadlines and answers its parked requests: the group is being deleted. */
    void onDeleted(ClassicGroup group) {
        rebalance.onDeleted(group);
    }

    CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null || group.is(ClassicGroupState.EMPTY)) return syncError(Errors.UNKNOWN_MEMBER_ID);
        if (group.is(ClassicGroupState.DEAD)) return syncError(Errors.COORDINATOR_NOT_AVAILABLE);
        try {
            group.validateMember(request.memberId(), request.groupInstanceId());
        } catch (ApiException e) {
            return syncError(Errors.forException(e));
        }
        if (request.generationId() != group.generationId()) return syncError(Errors.ILLEGAL_GENERATION);
        if (inconsistent(request.protocolType(), group.protocolType())
                || inconsistent(request.protocolName(), group.protocolName())) {
            return syncError(Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        ClassicMember member = group.member(request.memberId());
        switch (group.state()) {
            case PREPARING_REBALANCE -> {
                return syncError(Errors.REBALANCE_IN_PROGRESS);
            }
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                member.awaitSync(future);
                group.removePendingSyncMember(member.memberId());
                if (group.isLeader(member.memberId())) applyLeaderAssignment(group, request);
                return future;
            }
            default -> {
                group.removePendingSyncMember(member.memberId());
                return CompletableFuture.completedFuture(assignmentOf(group, member));
            }
        }
    }

    private void applyLeaderAssignment(ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        for (ClassicMember m : group.members()) m.setAssignment(assignments.getOrDefault(m.memberId(), new byte[0]));
        group.transitionTo(ClassicGroupState.STABLE, clock.millis());
        for (ClassicMember m : group.members()) {
            if (m.completeSync(assignmentOf(group, m)))
                rebalance.scheduleSessionExpiry(group, m.memberId(), m.sessionTimeoutMs());
        }
        LOG.info("group {}: generation {} is stable", group.groupId(), group.generationId());
    }

    Errors heartbeat(HeartbeatRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) return Errors.UNKNOWN_MEMBER_ID;
        if (group.is(ClassicGroupState.DEAD)) return Errors.COORDINATOR_NOT_AVAILABLE;
        try {
            group.validateMember(request.memberId(), request.groupInstanceId());
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        if (request.generationId() != group.generationId()) return Errors.ILLEGAL_GENERATION;
        return switch (group.state()) {
            case EMPTY -> Errors.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                touch(group, request.memberId());
                yield Errors.REBALANCE_IN_PROGRESS;
            }
            default -> {
                touch(group, request.memberId());
                yield Errors.NONE;
            }
        };
    }

    /** Resets a member's session deadline: any valid request of the member counts as a heartbeat. */
    void touch(ClassicGroup group, String memberId) {
        ClassicMember member = group.member(memberId);
        if (member != null) rebalance.scheduleSessionExpiry(group, memberId, member.sessionTimeoutMs());
    }

    LeaveGroupResponseData leave(LeaveGroupRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) return new LeaveGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
        if (group.is(ClassicGroupState.DEAD)) {
            return new LeaveGroupResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        List<MemberResponse> responses = new ArrayList<>();
        boolean anyLeft = false;
        for (MemberIdentity identity : request.members()) {
            Errors error = leaveOne(group, identity);
            anyLeft |= error == Errors.NONE;
            responses.add(new MemberResponse()
                    .setMemberId(identity.memberId())
                    .setGroupInstanceId(identity.groupInstanceId())
                    .setErrorCode(error.code()));
        }
        if (anyLeft) {
            switch (group.state()) {
                case STABLE, COMPLETING_REBALANCE -> rebalance.maybeRebalanceOrCompleteJoin(group, "members left");
                case PREPARING_REBALANCE -> rebalance.maybeCompleteJoinPhase(group);
                default -> {}
            }
        }
        return new LeaveGroupResponseData().setMembers(responses);
    }

    private Errors leaveOne(ClassicGroup group, MemberIdentity identity) {
        String memberId = identity.memberId();
        if (JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId)) {
            // An admin removing a static member by instance id (kafka-consumer-groups --delete of a member).
            String staticId =
                    identity.groupInstanceId() == null ? null : group.staticMemberId(identity.groupInstanceId());
            if (staticId == null) return Errors.UNKNOWN_MEMBER_ID;
            rebalance.removeMember(group, staticId, "removed by instance id " + identity.groupInstanceId());
            return Errors.NONE;
        }
        if (group.isPendingMember(memberId)) {
            group.remove(memberId);
            rebalance.cancelSessionExpiry(group, memberId);
            return Errors.NONE;
        }
        try {
            group.validateMember(memberId, identity.groupInstanceId());
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        rebalance.removeMember(group, memberId, "left the group");
        return Errors.NONE;
    }

    private boolean acceptsJoiningMember(ClassicGroup group, String memberId) {
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE ->
                (group.hasMember(memberId) && group.member(memberId).isAwaitingJoin())
                        || group.awaitingJoinCount() < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> group.hasMember(memberId) || group.size() < config.maxSize();
        };
    }

    private static SyncGroupResponseData assignmentOf(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }

    static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData()
                .setMemberId(memberId)
                .setGenerationId(JoinGroupRequest.UNKNOWN_GENERATION_ID)
                .setProtocolName(null)
                .setLeader("")
                .setErrorCode(error.code());
    }

    private static CompletableFuture<SyncGroupResponseData> syncError(Errors error) {
        return CompletableFuture.completedFuture(new SyncGroupResponseData()
                .setProtocolName(null)
                .setProtocolType(null)
                .setErrorCode(error.code()));
    }

    /** SyncGroup v5+ names the protocol; a name that differs from the group's is refused (null means not sent). */
    private static boolean inconsistent(String requested, String groups) {
        return requested != null && !requested.equals(groups);
    }
}
