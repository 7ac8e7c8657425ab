package io.herald.broker.group.consumer;

import java.util.Set;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.protocol.Errors;

/**
 * Finds the member a heartbeat speaks for, with Kafka's rules and messages for unknown members, group size, member
 * epochs and static membership ({@code group.instance.id}):
 *
 * <ul>
 *   <li>a join (epoch 0) with an instance id whose member left with epoch -2 creates a successor: the new member id
 *       takes over the old member's subscription, partitions and target, with no rebalance;
 *   <li>a join with an instance id still held by a live member is UNRELEASED_INSTANCE_ID;
 *   <li>any other request with an instance id held by another member id is FENCED_INSTANCE_ID;
 *   <li>an epoch above the member's, or below it unless it is the previous epoch and the request's owned partitions
 *       are a subset of the assigned ones (the answer with the new epoch was lost), is FENCED_MEMBER_EPOCH; epoch 0
 *       is always accepted, so a fenced member rejoins with its member id (KAFKA-19233).
 * </ul>
 *
 * Reads the members, changes nothing.
 */
final class MemberLookup {
    private MemberLookup() {}

    /**
     * @param member the member as it is now, or a new one (epoch 0, nothing known) for a join
     * @param replaced the static member {@code member} succeeds, to be removed, or null
     */
    record Found(ConsumerGroupMember member, ConsumerGroupMember replaced) {}

    /** For a heartbeat with epoch 0 or more. */
    static Found forHeartbeat(
            GroupMembers members,
            String groupId,
            int maxSize,
            String memberId,
            int memberEpoch,
            String instanceId,
            Set<TopicIdPartition> ownedPartitions) {
        throwIfGroupIsFull(members, maxSize, memberId, instanceId);
        if (instanceId == null) {
            ConsumerGroupMember existing = members.get(memberId);
            if (existing == null) {
                if (memberEpoch != 0) throw unknownMember(memberId, groupId);
                return new Found(ConsumerGroupMember.joining(memberId), null);
            }
            throwIfMemberEpochIsInvalid(existing, memberEpoch, ownedPartitions);
            return new Found(existing, null);
        }
        ConsumerGroupMember existing = members.staticMember(instanceId);
        if (memberEpoch == 0) {
            if (existing == null) {
                ConsumerGroupMember byId = members.get(memberId);
                return new Found(byId != null ? byId : ConsumerGroupMember.joining(memberId), null);
            }
            if (existing.memberEpoch() != CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                throw Errors.UNRELEASED_INSTANCE_ID.exception("Static member " + memberId + " with instance id "
                        + instanceId + " cannot join the group because the instance id is owned by "
                        + existing.memberId() + " member.");
            }
            ConsumerGroupMember successor = new ConsumerGroupMember(
                    memberId,
                    existing.metadata(),
                    existing.assignment().takenOverAtEpochZero(),
                    ConsumerGroupMember.NO_DEADLINE,
                    ConsumerGroupMember.NO_DEADLINE);
            return new Found(successor, existing);
        }
        ConsumerGroupMember member = staticMemberOrThrow(members, memberId, instanceId);
        throwIfMemberEpochIsInvalid(member, memberEpoch, ownedPartitions);
        return new Found(member, null);
    }

    /** For a leave (epoch -1 or -2): the member, without any epoch check. */
    static ConsumerGroupMember forLeave(GroupMembers members, String groupId, String memberId, String instanceId) {
        if (instanceId != null) return staticMemberOrThrow(members, memberId, instanceId);
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) throw unknownMember(memberId, groupId);
        return member;
    }

    static UnknownMemberIdException unknownMember(String memberId, String groupId) {
        return new UnknownMemberIdException(String.format("Member %s is not a member of group %s.", memberId, groupId));
    }

    private static ConsumerGroupMember staticMemberOrThrow(GroupMembers members, String memberId, String instanceId) {
        ConsumerGroupMember member = members.staticMember(instanceId);
        if (member == null) throw Errors.UNKNOWN_MEMBER_ID.exception("Instance id " + instanceId + " is unknown.");
        if (!member.memberId().equals(memberId)) {
            throw Errors.FENCED_INSTANCE_ID.exception("Static member " + memberId + " with instance id " + instanceId
                    + " was fenced by member " + member.memberId() + ".");
        }
        return member;
    }

    private static void throwIfGroupIsFull(GroupMembers members, int maxSize, String memberId, String instanceId) {
        if (members.staticMember(instanceId) != null) return;
        if (members.size() >= maxSize && (memberId.isEmpty() || !members.contains(memberId))) {
            throw new GroupMaxSizeReachedException(
                    "The consumer group has reached its maximum capacity of " + maxSize + " members.");
        }
    }

    private static void throwIfMemberEpochIsInvalid(
            ConsumerGroupMember member, int receivedEpoch, Set<TopicIdPartition> ownedPartitions) {
        int epoch = member.memberEpoch();
        if (receivedEpoch == 0) return;
        if (receivedEpoch > epoch) {
            throw new FencedMemberEpochException("The consumer group member has a greater member epoch ("
                    + receivedEpoch + ") than the one known by the group coordinator (" + epoch
                    + "). The member must abandon all its partitions and rejoin.");
        }
        if (receivedEpoch < epoch
                && (receivedEpoch != member.assignment().previousMemberEpoch()
                        || ownedPartitions == null
                        || !member.assignment().assignedPartitions().keySet().containsAll(ownedPartitions))) {
            throw new FencedMemberEpochException("The consumer group member has a smaller member epoch ("
                    + receivedEpoch + ") than the one known by the group coordinator (" + epoch
                    + "). The member must abandon all its partitions and rejoin.");
        }
    }
}
