package io.herald.broker.group.consumer;

import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.Uuid;

/**
 * The reconciliation engine of the consumer group protocol (KIP-848), as Kafka's {@code CurrentAssignmentBuilder}:
 * moves one member's {@link CurrentAssignment} one step towards its target assignment, on each of its heartbeats. A
 * partition moves between members in two steps: the old owner is told to revoke it and reports, in a later heartbeat,
 * that it no longer owns it; only then is the new owner told it owns it. So no partition is ever owned by two members.
 *
 * <pre>
 *                ┌──────────── nothing to revoke, every target partition free ───────────┐
 *                ▼                                                                        │
 *           ┌─────────┐ target epoch moved on, ┌──────────────────────────┐               │
 *  join ───►│ STABLE  │ or subscription change │ next assignment:         │───────────────┤
 *           └─────────┘───────────────────────►│ owned ∩ target is kept   │               │
 *                                              └──────────────────────────┘               │
 *                     owns partitions no longer  │                 │ some target partitions│
 *                     in its target              ▼                 ▼ still owned by others │
 *                            ┌──────────────────────┐   ┌───────────────────────┐          │
 *                            │ UNREVOKED_PARTITIONS │   │ UNRELEASED_PARTITIONS │──────────┘
 *                            │ keeps its epoch;     │   │ at the target epoch;  │ retried on
 *                            │ fenced after its     │   │ gets them once free   │ every heartbeat
 *                            │ rebalance timeout    │   └───────────────────────┘
 *                            └──────────────────────┘
 *                               │ a heartbeat's owned partitions leave them all out
 *                               └──────────► next assignment
 * </pre>
 *
 * The member epoch moves to the target epoch only when nothing is left to revoke; newly assigned partitions get that
 * epoch as their assignment epoch, kept partitions keep theirs. Partitions of topics the member no longer subscribes
 * to are revoked even before the target assignment catches up.
 *
 * <p>Pure: reads its inputs, returns a new value.
 */
final class CurrentAssignmentBuilder {
    private final CurrentAssignment member;
    private final int targetEpoch;
    private final Set<TopicIdPartition> target;
    private final Set<Uuid> subscribedTopicIds;
    private final boolean hasSubscriptionChanged;
    private final Set<TopicIdPartition> ownedByClient;
    private final Predicate<TopicIdPartition> ownedByAnotherMember;

    /**
     * @param ownedByClient the partitions the heartbeat says the member owns, or null when it left them out (then no
     *     revocation can be confirmed)
     * @param ownedByAnotherMember whether a partition is still owned (assigned or pending revocation) by another member
     */
    CurrentAssignmentBuilder(
            CurrentAssignment member,
            int targetEpoch,
            Set<TopicIdPartition> target,
            Set<Uuid> subscribedTopicIds,
            boolean hasSubscriptionChanged,
            Set<TopicIdPartition> ownedByClient,
            Predicate<TopicIdPartition> ownedByAnotherMember) {
        this.member = member;
        this.targetEpoch = targetEpoch;
        this.target = target;
        this.subscribedTopicIds = subscribedTopicIds;
        this.hasSubscriptionChanged = hasSubscriptionChanged;
        this.ownedByClient = ownedByClient;
        this.ownedByAnotherMember = ownedByAnotherMember;
    }

    /** The member's next current assignment; {@code member} itself when it cannot move on yet. */
    CurrentAssignment build() {
        return switch (member.state()) {
            case STABLE -> {
                if (member.memberEpoch() != targetEpoch) yield computeNextAssignment();
                yield hasSubscriptionChanged ? revokeUnsubscribedTopics() : member;
            }
            case UNREVOKED_PARTITIONS -> {
                if (!ownsAnyOf(member.partitionsPendingRevocation().keySet())) yield computeNextAssignment();
                yield hasSubscriptionChanged ? revokeUnsubscribedTopics() : member;
            }
            case UNRELEASED_PARTITIONS -> computeNextAssignment();
        };
    }

    private CurrentAssignment computeNextAssignment() {
        SortedMap<TopicIdPartition, Integer> assigned = new TreeMap<>();
        SortedMap<TopicIdPartition, Integer> revoking = new TreeMap<>();
        member.assignedPartitions().forEach((partition, epoch) -> {
            if (isTargeted(partition)) {
                assigned.put(partition, epoch);
            } else {
                revoking.put(partition, epoch);
            }
        });
        if (!revoking.isEmpty() && ownsAnyOf(revoking.keySet())) {
            return member.withEpoch(member.memberEpoch(), MemberState.UNREVOKED_PARTITIONS, assigned, revoking);
        }
        SortedSet<TopicIdPartition> unreleased = new TreeSet<>();
        for (TopicIdPartition partition : target) {
            if (!isTargeted(partition) || assigned.containsKey(partition)) continue;
            if (ownedByAnotherMember.test(partition)) {
                unreleased.add(partition);
            } else {
                assigned.put(partition, targetEpoch);
            }
        }
        MemberState state = unreleased.isEmpty() ? MemberState.STABLE : MemberState.UNRELEASED_PARTITIONS;
        return member.withEpoch(targetEpoch, state, assigned, new TreeMap<>());
    }

    /** Moves the partitions of topics the member no longer subscribes to into revocation, keeping the epoch. */
    private CurrentAssignment revokeUnsubscribedTopics() {
        SortedMap<TopicIdPartition, Integer> assigned = new TreeMap<>(member.assignedPartitions());
        SortedMap<TopicIdPartition, Integer> revoking = new TreeMap<>(member.partitionsPendingRevocation());
        for (var entry : member.assignedPartitions().entrySet()) {
            if (!subscribedTopicIds.contains(entry.getKey().topicId())) {
                assigned.remove(entry.getKey());
                revoking.put(entry.getKey(), entry.getValue());
            }
        }
        if (assigned.size() == member.assignedPartitions().size()) return member;
        if (ownsAnyOf(revoking.keySet())) {
            return member.withEpoch(member.memberEpoch(), MemberState.UNREVOKED_PARTITIONS, assigned, revoking);
        }
        return member.withEpoch(member.memberEpoch(), member.state(), assigned, member.partitionsPendingRevocation());
    }

    private boolean isTargeted(TopicIdPartition partition) {
        return target.contains(partition) && subscribedTopicIds.contains(partition.topicId());
    }

    /** Whether the client may still hold any of {@code partitions}; it may whenever it did not say what it owns. */
    private boolean ownsAnyOf(Set<TopicIdPartition> partitions) {
        if (ownedByClient == null) return true;
        for (TopicIdPartition partition : ownedByClient) {
            if (partitions.contains(partition)) return true;
        }
        return false;
    }
}
