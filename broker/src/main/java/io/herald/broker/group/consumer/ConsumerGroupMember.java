package io.herald.broker.group.consumer;

/**
 * One member of a consumer group: what it told the coordinator, what it owns, and its two deadlines. Immutable; the
 * group replaces the whole record on every change.
 *
 * @param sessionDeadlineMs when the member is fenced unless it heartbeats again: the last heartbeat plus {@code
 *     group.consumer.session.timeout.ms}
 * @param rebalanceDeadlineMs when the member is fenced if it is still in {@link MemberState#UNREVOKED_PARTITIONS}: set
 *     to now plus its rebalance timeout each time its assignment changes into that state, {@link Long#MAX_VALUE}
 *     otherwise
 */
record ConsumerGroupMember(
        String memberId,
        MemberMetadata metadata,
        CurrentAssignment assignment,
        long sessionDeadlineMs,
        long rebalanceDeadlineMs) {

    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A member about to join: nothing known yet, epoch 0, no deadlines. */
    static ConsumerGroupMember joining(String memberId) {
        return new ConsumerGroupMember(
                memberId, MemberMetadata.NONE, CurrentAssignment.JOINING, NO_DEADLINE, NO_DEADLINE);
    }

    int memberEpoch() {
        return assignment.memberEpoch();
    }

    String instanceId() {
        return metadata.instanceId();
    }

    MemberState state() {
        return assignment.state();
    }

    ConsumerGroupMember withMetadata(MemberMetadata newMetadata) {
        return new ConsumerGroupMember(memberId, newMetadata, assignment, sessionDeadlineMs, rebalanceDeadlineMs);
    }

    ConsumerGroupMember withAssignment(CurrentAssignment newAssignment, long newRebalanceDeadlineMs) {
        return new ConsumerGroupMember(memberId, metadata, newAssignment, sessionDeadlineMs, newRebalanceDeadlineMs);
    }

    ConsumerGroupMember withSessionDeadline(long newSessionDeadlineMs) {
        return new ConsumerGroupMember(memberId, metadata, assignment, newSessionDeadlineMs, rebalanceDeadlineMs);
    }

    /** The earliest time {@link ConsumerGroup#expire} has something to do for this member. */
    long nextDeadlineMs() {
        return state() == MemberState.UNREVOKED_PARTITIONS
                ? Math.min(sessionDeadlineMs, rebalanceDeadlineMs)
                : sessionDeadlineMs;
    }
}
