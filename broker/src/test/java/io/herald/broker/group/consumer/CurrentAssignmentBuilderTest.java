package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The member state machine, one transition per test. */
class CurrentAssignmentBuilderTest {
    private static final Uuid T = new Uuid(1, 1);
    private static final Uuid U = new Uuid(1, 2);

    private static TopicIdPartition p(Uuid topic, int partition) {
        return new TopicIdPartition(topic, partition);
    }

    /** Partitions of T with their assignment epochs: {@code partition, epoch, partition, epoch, ...}. */
    private static SortedMap<TopicIdPartition, Integer> withEpochs(int... partitionsAndEpochs) {
        SortedMap<TopicIdPartition, Integer> map = new TreeMap<>();
        for (int i = 0; i < partitionsAndEpochs.length; i += 2)
            map.put(p(T, partitionsAndEpochs[i]), partitionsAndEpochs[i + 1]);
        return map;
    }

    private static CurrentAssignment member(
            int epoch,
            MemberState state,
            SortedMap<TopicIdPartition, Integer> assigned,
            SortedMap<TopicIdPartition, Integer> revoking) {
        return new CurrentAssignment(epoch, epoch - 1, state, assigned, revoking);
    }

    private static CurrentAssignment build(
            CurrentAssignment member,
            int targetEpoch,
            Set<TopicIdPartition> target,
            Set<TopicIdPartition> owned,
            Set<TopicIdPartition> ownedByOthers) {
        return new CurrentAssignmentBuilder(
                        member, targetEpoch, target, Set.of(T), false, owned, ownedByOthers::contains)
                .build();
    }

    @Test
    void stableMemberAtTheTargetEpochStaysAsItIs() {
        CurrentAssignment member = member(3, MemberState.STABLE, withEpochs(0, 1), new TreeMap<>());

        assertThat(build(member, 3, Set.of(p(T, 0)), Set.of(p(T, 0)), Set.of())).isSameAs(member);
    }

    @Test
    void newPartitionsAreGivenAtTheTargetEpochAndKeptOnesKeepTheirs() {
        CurrentAssignment member = member(3, MemberState.STABLE, withEpochs(0, 1), new TreeMap<>());

        CurrentAssignment next = build(member, 4, Set.of(p(T, 0), p(T, 1)), Set.of(p(T, 0)), Set.of());

        assertThat(next)
                .isEqualTo(new CurrentAssignment(4, 3, MemberState.STABLE, withEpochs(0, 1, 1, 4), new TreeMap<>()));
    }

    @Test
    void partitionsNoLongerTargetedAreRevokedAtTheSameEpoch() {
        CurrentAssignment member = member(3, MemberState.STABLE, withEpochs(0, 1, 1, 3), new TreeMap<>());

        CurrentAssignment next = build(member, 4, Set.of(p(T, 0)), Set.of(p(T, 0), p(T, 1)), Set.of());

        assertThat(next)
                .isEqualTo(new CurrentAssignment(
                        3, 3, MemberState.UNREVOKED_PARTITIONS, withEpochs(0, 1), withEpochs(1, 3)));
    }

    @Test
    void revocationIsNotConfirmedByAHeartbeatWithoutOwnedPartitions() {
        CurrentAssignment member = member(3, MemberState.UNREVOKED_PARTITIONS, withEpochs(0, 1), withEpochs(1, 3));

        assertThat(build(member, 4, Set.of(p(T, 0)), null, Set.of())).isSameAs(member);
    }

    @Test
    void confirmedRevocationMovesTheMemberToTheTargetEpoch() {
        CurrentAssignment member = member(3, MemberState.UNREVOKED_PARTITIONS, withEpochs(0, 1), withEpochs(1, 3));

        CurrentAssignment next = build(member, 4, Set.of(p(T, 0)), Set.of(p(T, 0)), Set.of());

        assertThat(next).isEqualTo(new CurrentAssignment(4, 3, MemberState.STABLE, withEpochs(0, 1), new TreeMap<>()));
    }

    @Test
    void partitionStillOwnedByAnotherMemberLeavesTheMemberUnreleased() {
        CurrentAssignment member = member(3, MemberState.STABLE, withEpochs(0, 1), new TreeMap<>());

        CurrentAssignment next = build(member, 4, Set.of(p(T, 0), p(T, 1)), Set.of(p(T, 0)), Set.of(p(T, 1)));

        assertThat(next)
                .isEqualTo(new CurrentAssignment(
                        4, 3, MemberState.UNRELEASED_PARTITIONS, withEpochs(0, 1), new TreeMap<>()));
    }

    @Test
    void unreleasedMemberGetsThePartitionOnceItIsFree() {
        CurrentAssignment member = member(4, MemberState.UNRELEASED_PARTITIONS, withEpochs(0, 1), new TreeMap<>());

        CurrentAssignment next = build(member, 4, Set.of(p(T, 0), p(T, 1)), Set.of(p(T, 0)), Set.of());

        assertThat(next.state()).isEqualTo(MemberState.STABLE);
        assertThat(next.assignedPartitions()).isEqualTo(withEpochs(0, 1, 1, 4));
    }

    @Test
    void subscriptionChangeRevokesTheDroppedTopicBeforeTheTargetCatchesUp() {
        SortedMap<TopicIdPartition, Integer> assigned = new TreeMap<>(Map.of(p(T, 0), 1, p(U, 0), 1));
        CurrentAssignment member = member(3, MemberState.STABLE, assigned, new TreeMap<>());

        CurrentAssignment next = new CurrentAssignmentBuilder(
                        member, 3, Set.of(p(T, 0), p(U, 0)), Set.of(T), true, Set.of(p(T, 0), p(U, 0)), x -> false)
                .build();

        assertThat(next.state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        assertThat(next.memberEpoch()).isEqualTo(3);
        assertThat(next.assignedPartitions()).containsOnlyKeys(p(T, 0));
        assertThat(next.partitionsPendingRevocation()).containsOnlyKeys(p(U, 0));
    }
}
