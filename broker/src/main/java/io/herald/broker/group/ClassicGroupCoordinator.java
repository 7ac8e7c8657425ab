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
 * The classic group protocol's rules, as Kafka's group coordinator applies them: JoinGroup, SyncGroup, Heartbeat and
 * LeaveGroup, and the deadlines that drive a rebalance (the initial delay, the rebalance timeout, session expiry, the
 * pending sync timeout). The assignors run in the clients; the coordinator only gathers members, picks the protocol and
 * the leader, and hands out the leader's assignment.
 *
 * <p>JoinGroup and SyncGroup answers are futures: a member's JoinGroup stays parked until the join phase completes, as
 * in Kafka. Every method runs under the coordinator's lock ({@code lock}); timer tasks take it themselves.
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
    private final GroupTimer timer;
    private final Clock clock;
    private final Lock lock;

    ClassicGroupCoordinator(
            Map<String, ClassicGroup> groups, GroupConfig config, GroupTimer timer, Clock clock, Lock lock) {
        this.groups = groups;
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.lock = lock;
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
            scheduleSessionExpiry(group, newMemberId, request.sessionTimeoutMs());
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
                    future.complete(currentGeneration(group, memberId, group.isLeader(memberId), false));
                } else {
                    updateMemberThenRebalance(group, member, request, future);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.matches(request.protocols())) {
                    // A leader's rejoin asks for a rebalance (for a change the metadata does not show).
                    updateMemberThenRebalance(group, member, request, future);
                } else {
                    future.complete(currentGeneration(group, memberId, false, false));
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
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId(), oldMemberId, newMemberId);
        timer.cancel(heartbeatKey(group, oldMemberId));
        scheduleSessionExpiry(group, newMemberId, member.sessionTimeoutMs());
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
                    // No rebalance: the member gets its generation back; a leader is told not to assign again.
                    boolean leader = group.isLeader(newMemberId);
                    boolean skip = JoinGroupRequest.supportsSkippingAssignment(version);
                    member.completeJoin(currentGeneration(group, newMemberId, leader && skip, leader && skip));
                } else {
                    maybeRebalanceOrCompleteJoin(group, "static member " + newMemberId + " changed the protocol");
                }
            }
            case COMPLETING_REBALANCE ->
                // The leader may have assigned to the old member id: assign again.
                prepareRebalance(group, "static member " + request.groupInstanceId() + " rejoined");
            default -> maybeCompleteJoinPhase(group);
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
            group.setNewMemberAdded(true);
        }
        group.add(member);
        member.awaitJoin(future);
        // A parked JoinGroup cannot heartbeat; a client that went away is dropped after this long.
        scheduleSessionExpiry(group, memberId, NEW_MEMBER_JOIN_TIMEOUT_MS);
        maybeRebalanceOrCompleteJoin(group, "member " + memberId + " joined");
    }

    private void updateMemberThenRebalance(
            ClassicGroup group,
            ClassicMember member,
            JoinGroupRequestData request,
            CompletableFuture<JoinGroupResponseData> future) {
        group.updateMember(
                member, request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(), future);
        maybeRebalanceOrCompleteJoin(group, "member " + member.memberId() + " rejoined");
    }

    private void maybeRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    private void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)
                && group.previousState() != ClassicGroupState.EMPTY
                && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            for (ClassicMember m : group.members()) {
                m.setAssignment(new byte[0]);
                m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
            }
        }
        group.clearPendingSyncMembers();
        timer.cancel(syncKey(group));
        boolean initial = group.is(ClassicGroupState.EMPTY);
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, clock.millis());
        LOG.info(
                "group {}: preparing to rebalance from generation {} ({})",
                group.groupId(),
                group.generationId(),
                reason);
        if (initial) {
            int delayMs = config.initialRebalanceDelayMs();
            int remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
            scheduleInitialJoin(group.groupId(), delayMs, remainingMs);
        } else if (group.hasAllMembersJoined()) {
            completeJoin(group);
        } else {
            scheduleJoinCompletion(group, group.rebalanceTimeoutMs());
        }
    }

    /** The first rebalance waits the initial delay, and again (up to the rebalance timeout) while members arrive. */
    private void scheduleInitialJoin(String groupId, int delayMs, int remainingMs) {
        timer.schedule(
                "join:" + groupId,
                delayMs,
                () -> underLock(() -> {
                    ClassicGroup group = groups.get(groupId);
                    if (group == null || !group.is(ClassicGroupState.PREPARING_REBALANCE)) return;
                    if (group.newMemberAdded() && remainingMs != 0) {
                        group.setNewMemberAdded(false);
                        scheduleInitialJoin(
                                groupId,
                                Math.min(config.initialRebalanceDelayMs(), remainingMs),
                                Math.max(remainingMs - delayMs, 0));
                    } else {
                        completeJoin(group);
                    }
                }));
    }

    private void scheduleJoinCompletion(ClassicGroup group, long delayMs) {
        String groupId = group.groupId();
        timer.schedule(
                joinKey(group),
                delayMs,
                () -> underLock(() -> {
                    ClassicGroup current = groups.get(groupId);
                    if (current != null && current.is(ClassicGroupState.PREPARING_REBALANCE)) completeJoin(current);
                }));
    }

    /** Ends the join phase: drops dynamic members that did not rejoin, starts the next generation, answers joins. */
    private void completeJoin(ClassicGroup group) {
        timer.cancel(joinKey(group));
        for (ClassicMember missing : group.notYetRejoinedDynamicMembers()) {
            group.remove(missing.memberId());
            timer.cancel(heartbeatKey(group, missing.memberId()));
            LOG.info("group {}: removed member {}, which did not rejoin in time", group.groupId(), missing.memberId());
        }
        if (group.is(ClassicGroupState.DEAD)) return;
        if (!group.electJoinedLeader() && group.size() > 0) {
            // Only static members that did not rejoin are left: wait for them, or for their sessions to expire.
            scheduleJoinCompletion(group, group.rebalanceTimeoutMs());
            return;
        }
        group.initNextGeneration(clock.millis());
        if (group.is(ClassicGroupState.EMPTY)) {
            LOG.info("group {}: generation {} is empty", group.groupId(), group.generationId());
            return;
        }
        LOG.info(
                "group {}: generation {} has {} members, protocol {}",
                group.groupId(),
                group.generationId(),
                group.size(),
                group.protocolName());
        for (ClassicMember m : group.members()) {
            m.completeJoin(currentGeneration(group, m.memberId(), group.isLeader(m.memberId()), false));
            scheduleSessionExpiry(group, m.memberId(), m.sessionTimeoutMs());
            m.setNew(false);
            group.addPendingSyncMember(m.memberId());
        }
        int generation = group.generationId();
        String groupId = group.groupId();
        timer.schedule(
                syncKey(group),
                group.rebalanceTimeoutMs(),
                () -> underLock(() -> {
                    ClassicGroup current = groups.get(groupId);
                    if (current != null) expirePendingSync(current, generation);
                }));
    }

    /** Members that sent no SyncGroup within the rebalance timeout are removed, and the group rebalances. */
    private void expirePendingSync(ClassicGroup group, int generation) {
        if (group.generationId() != generation) return;
        if (!group.is(ClassicGroupState.COMPLETING_REBALANCE) && !group.is(ClassicGroupState.STABLE)) return;
        if (group.pendingSyncMembers().isEmpty()) return;
        for (String memberId : group.pendingSyncMembers()) {
            group.remove(memberId);
            timer.cancel(heartbeatKey(group, memberId));
        }
        prepareRebalance(group, "members sent no SyncGroup within the rebalance timeout");
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
                scheduleSessionExpiry(group, m.memberId(), m.sessionTimeoutMs());
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
        if (member != null) scheduleSessionExpiry(group, memberId, member.sessionTimeoutMs());
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
                case STABLE, COMPLETING_REBALANCE -> maybeRebalanceOrCompleteJoin(group, "members left");
                case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
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
            removeMember(group, staticId, "removed by instance id " + identity.groupInstanceId());
            return Errors.NONE;
        }
        if (group.isPendingMember(memberId)) {
            group.remove(memberId);
            timer.cancel(heartbeatKey(group, memberId));
            return Errors.NONE;
        }
        try {
            group.validateMember(memberId, identity.groupInstanceId());
        } catch (ApiException e) {
            return Errors.forException(e);
        }
        removeMember(group, memberId, "left the group");
        return Errors.NONE;
    }

    private void removeMember(ClassicGroup group, String memberId, String reason) {
        ClassicMember member = group.member(memberId);
        timer.cancel(heartbeatKey(group, memberId));
        // A parked JoinGroup of a new member is answered, so the client can retry if it is still there.
        member.completeJoin(new JoinGroupResponseData()
                .setMemberId(JoinGroupRequest.UNKNOWN_MEMBER_ID)
                .setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        group.remove(memberId);
        LOG.info("group {}: member {} {}", group.groupId(), memberId, reason);
    }

    private void scheduleSessionExpiry(ClassicGroup group, String memberId, long timeoutMs) {
        String groupId = group.groupId();
        timer.schedule(
                heartbeatKey(group, memberId),
                timeoutMs,
                () -> underLock(() -> {
                    ClassicGroup current = groups.get(groupId);
                    if (current != null) expireSession(current, memberId);
                }));
    }

    private void expireSession(ClassicGroup group, String memberId) {
        if (group.is(ClassicGroupState.DEAD)) return;
        if (group.isPendingMember(memberId)) {
            group.remove(memberId);
            if (group.is(ClassicGroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) completeJoin(group);
            return;
        }
        ClassicMember member = group.member(memberId);
        if (member == null || member.hasSatisfiedHeartbeat()) return;
        removeMember(group, memberId, "missed its session timeout of " + member.sessionTimeoutMs() + " ms");
        if (group.is(ClassicGroupState.STABLE) || group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            maybeRebalanceOrCompleteJoin(group, "member " + memberId + " expired");
        } else if (group.is(ClassicGroupState.PREPARING_REBALANCE) && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Cancels the group's deadlines and answers its parked requests: the group is being deleted. */
    void onDeleted(ClassicGroup group) {
        timer.cancel(joinKey(group));
        timer.cancel(syncKey(group));
        for (ClassicMember m : group.members()) {
            timer.cancel(heartbeatKey(group, m.memberId()));
            m.completeJoin(joinError(m.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
            m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
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

    private static JoinGroupResponseData currentGeneration(
            ClassicGroup group, String memberId, boolean withMembers, boolean skipAssignment) {
        return new JoinGroupResponseData()
                .setMembers(withMembers ? group.joinResponseMembers() : new ArrayList<>())
                .setMemberId(memberId)
                .setGenerationId(group.generationId())
                .setProtocolName(group.protocolName())
                .setProtocolType(group.protocolType())
                .setLeader(group.leaderId())
                .setSkipAssignment(skipAssignment);
    }

    private static SyncGroupResponseData assignmentOf(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }

    private static JoinGroupResponseData joinError(String memberId, Errors error) {
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

    private void underLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private static String joinKey(ClassicGroup group) {
        return "join:" + group.groupId();
    }

    private static String syncKey(ClassicGroup group) {
        return "sync:" + group.groupId();
    }

    private static String heartbeatKey(ClassicGroup group, String memberId) {
        return "heartbeat:" + group.groupId() + ":" + memberId;
    }
}
