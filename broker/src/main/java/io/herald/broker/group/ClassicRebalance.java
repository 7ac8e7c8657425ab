package io.herald.broker.group;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance of a classic group and its deadlines, as Kafka's coordinator runs them: preparing a rebalance (parked
 * SyncGroups are told to rejoin), the join phase and its end (the initial delay for an empty group, extended while
 * members arrive, up to the rebalance timeout; or as soon as every member rejoined), the next generation and its join
 * answers, the pending-SyncGroup timeout, and session expiry. {@link ClassicGroupCoordinator} handles the requests
 * and calls in here when membership changes.
 *
 * <p>Timer tasks run on the timer's thread and take the coordinator's lock ({@code lock}); they look their group up
 * again by id, since it may have been deleted meanwhile. Everything else runs under that lock already.
 */
final class ClassicRebalance {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicRebalance.class);

    private final Map<String, ClassicGroup> groups;
    private final GroupConfig config;
    private final GroupTimer timer;
    private final Clock clock;
    private final Lock lock;

    ClassicRebalance(Map<String, ClassicGroup> groups, GroupConfig config, GroupTimer timer, Clock clock, Lock lock) {
        this.groups = groups;
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.lock = lock;
    }

    void maybeRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)
                && group.previousState() != ClassicGroupState.EMPTY
                && group.hasAllMembersJoined()) {
            completeJoin(group);
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            for (ClassicMember m : group.members()) {
                m.setAssignment(new byte[0]);
                if (m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()))) {
                    // its session was not counted while the SyncGroup was parked: it counts again from now
                    scheduleSessionExpiry(group, m.memberId(), m.sessionTimeoutMs());
                }
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
            group.setLastMemberAddedMs(clock.millis());
            scheduleInitialJoin(
                    group.groupId(), delayMs, clock.millis() + Math.max(group.rebalanceTimeoutMs(), delayMs));
        } else if (group.hasAllMembersJoined()) {
            completeJoin(group);
        } else {
            scheduleJoinCompletion(group, group.rebalanceTimeoutMs());
        }
    }

    /**
     * The first rebalance of an empty group waits until no new member has arrived for {@code
     * group.initial.rebalance.delay.ms}, and no longer than the rebalance timeout ({@code deadlineMs}).
     *
     * <p>Differs from Kafka, which waits in whole steps of the delay: any member arriving during a step adds another
     * full step, so ten consumers started together wait twice the delay. Herald waits the delay after the last arrival:
     * the same single rebalance with every member that was coming, sooner.
     */
    private void scheduleInitialJoin(String groupId, long delayMs, long deadlineMs) {
        timer.schedule(
                "join:" + groupId,
                delayMs,
                () -> underLock(() -> {
                    ClassicGroup group = groups.get(groupId);
                    if (group == null || !group.is(ClassicGroupState.PREPARING_REBALANCE)) return;
                    long now = clock.millis();
                    long quietUntil =
                            Math.min(group.lastMemberAddedMs() + config.initialRebalanceDelayMs(), deadlineMs);
                    if (quietUntil > now) {
                        scheduleInitialJoin(groupId, quietUntil - now, deadlineMs);
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

    void removeMember(ClassicGroup group, String memberId, String reason) {
        ClassicMember member = group.member(memberId);
        timer.cancel(heartbeatKey(group, memberId));
        // Its parked JoinGroup or SyncGroup is answered, so the client can rejoin if it is still there, and its
        // connection's later responses do not wait behind an answer that would never come.
        member.completeJoin(new JoinGroupResponseData()
                .setMemberId(JoinGroupRequest.UNKNOWN_MEMBER_ID)
                .setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        member.completeSync(new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        group.remove(memberId);
        LOG.info("group {}: member {} {}", group.groupId(), memberId, reason);
    }

    void scheduleSessionExpiry(ClassicGroup group, String memberId, long timeoutMs) {
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
            m.completeJoin(ClassicGroupCoordinator.joinError(m.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
            m.completeSync(new SyncGroupResponseData().setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
    }

    static JoinGroupResponseData currentGeneration(
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

    /** Stops watching a member's session: it left, or a restarted static member replaced its id. */
    void cancelSessionExpiry(ClassicGroup group, String memberId) {
        timer.cancel(heartbeatKey(group, memberId));
    }
}
