package io.herald.broker.group.consumer;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A member's epoch and the partitions it owns now: Kafka's current member assignment. Each partition maps to its
 * assignment epoch, the member epoch at which the member was given it (KIP-1251), which decides whether an offset
 * commit sent with an older member epoch is still accepted for that partition.
 *
 * @param assignedPartitions the partitions the member was told it owns, with their assignment epochs
 * @param partitionsPendingRevocation partitions the member was told to give up and has not yet reported as released;
 *     nobody else gets them until it does
 */
record CurrentAssignment(
        int memberEpoch,
        int previousMemberEpoch,
        MemberState state,
        SortedMap<TopicIdPartition, Integer> assignedPartitions,
        SortedMap<TopicIdPartition, Integer> partitionsPendingRevocation) {

    /** Epoch -1 in a heartbeat: the member leaves the group. */
    static final int LEAVE_GROUP_MEMBER_EPOCH = -1;

    /** Epoch -2 in a heartbeat: a static member leaves for now and keeps its partitions until its session expires. */
    static final int LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

    /** A member that has just joined: epoch 0, no partitions. */
    static final CurrentAssignment JOINING =
            new CurrentAssignment(0, 0, MemberState.STABLE, Collections.emptySortedMap(), Collections.emptySortedMap());

    CurrentAssignment {
        assignedPartitions = Collections.unmodifiableSortedMap(new TreeMap<>(assignedPartitions));
        partitionsPendingRevocation = Collections.unmodifiableSortedMap(new TreeMap<>(partitionsPendingRevocation));
    }

    boolean isReconciledTo(int targetAssignmentEpoch) {
        return state == MemberState.STABLE && memberEpoch == targetAssignmentEpoch;
    }

    /** Every partition nobody else may be given yet: the assigned ones and those pending revocation. */
    SortedSet<TopicIdPartition> ownedPartitions() {
        SortedSet<TopicIdPartition> owned = new TreeSet<>(assignedPartitions.keySet());
        owned.addAll(partitionsPendingRevocation.keySet());
        return owned;
    }

    /** The assignment epoch of {@code partition} if the member owns it (assigned or pending revocation), else null. */
    Integer assignmentEpoch(TopicIdPartition partition) {
        Integer epoch = assignedPartitions.get(partition);
        return epoch != null ? epoch : partitionsPendingRevocation.get(partition);
    }

    /** Same state and partitions at a new epoch; the current epoch becomes the previous one, as in Kafka. */
    CurrentAssignment withEpoch(
            int newMemberEpoch,
            MemberState newState,
            SortedMap<TopicIdPartition, Integer> assigned,
            SortedMap<TopicIdPartition, Integer> pendingRevocation) {
        return new CurrentAssignment(newMemberEpoch, memberEpoch, newState, assigned, pendingRevocation);
    }

    /**
     * After a static member's epoch -2 leave: epoch -2, nothing pending revocation (the client revoked everything on
     * close), and the assignment epochs reset to 0 so its successor may commit for them at any epoch, as Kafka 4.4 does.
     */
    CurrentAssignment leftAsStaticMember() {
        SortedMap<TopicIdPartition, Integer> assigned = new TreeMap<>();
        assignedPartitions.keySet().forEach(partition -> assigned.put(partition, 0));
        return new CurrentAssignment(
                LEAVE_GROUP_STATIC_MEMBER_EPOCH, previousMemberEpoch, state, assigned, Collections.emptySortedMap());
    }

    /** A static member's assignment taken over by its successor, which joins with epoch 0 (and previous epoch 0). */
    CurrentAssignment takenOverAtEpochZero() {
        return new CurrentAssignment(0, 0, state, assignedPartitions, partitionsPendingRevocation);
    }
}
