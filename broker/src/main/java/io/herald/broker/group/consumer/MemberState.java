package io.herald.broker.group.consumer;

/**
 * Where a member is in reconciling its current assignment with its target assignment; the transitions are drawn in
 * {@link CurrentAssignmentBuilder}. Kafka's names; Kafka's fourth state, {@code UNKNOWN}, only exists for state read
 * back from a newer version's records, and Herald keeps no records.
 */
enum MemberState {
    /** The member owns its whole target assignment at the target assignment epoch. */
    STABLE,
    /** The member must give up some partitions before it may move to the next epoch. */
    UNREVOKED_PARTITIONS,
    /** The member is at the target epoch but waits for partitions that other members have not revoked yet. */
    UNRELEASED_PARTITIONS
}
