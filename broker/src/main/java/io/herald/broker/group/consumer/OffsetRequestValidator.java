package io.herald.broker.group.consumer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka 4.4's checks of the member fields of OffsetCommit and OffsetFetch against a consumer group; see {@link
 * ConsumerGroup#validateOffsetCommit} and {@link ConsumerGroup#validateOffsetFetch}. Answers an error code only: both
 * APIs carry codes, not messages.
 */
final class OffsetRequestValidator {
    /** Members of the consumer protocol must commit with OffsetCommit v9 or later (KIP-848). */
    private static final short MIN_OFFSET_COMMIT_VERSION = 9;

    private OffsetRequestValidator() {}

    static Errors validateCommit(
            GroupMembers members, String memberId, int memberEpoch, short apiVersion, Uuid topicId, int partition) {
        // A negative epoch comes from an admin client or a consumer outside group management: only while no member is.
        if (memberEpoch < 0 && members.isEmpty()) return Errors.NONE;
        ConsumerGroupMember member = memberId == null ? null : members.get(memberId);
        if (member == null) return Errors.UNKNOWN_MEMBER_ID;
        if (apiVersion < MIN_OFFSET_COMMIT_VERSION) return Errors.UNSUPPORTED_VERSION;
        if (memberEpoch == member.memberEpoch()) return Errors.NONE;
        if (memberEpoch > member.memberEpoch()) return Errors.STALE_MEMBER_EPOCH;
        // An older epoch is fine for a partition the member was given at or before that epoch and still owns
        // (KIP-1251).
        Integer assignmentEpoch =
                topicId == null ? null : member.assignment().assignmentEpoch(new TopicIdPartition(topicId, partition));
        return assignmentEpoch != null && assignmentEpoch <= memberEpoch ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }

    static Errors validateFetch(GroupMembers members, String memberId, int memberEpoch) {
        if (memberId == null && memberEpoch < 0) return Errors.NONE;
        ConsumerGroupMember member = memberId == null ? null : members.get(memberId);
        if (member == null) return Errors.UNKNOWN_MEMBER_ID;
        return memberEpoch == member.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }
}
