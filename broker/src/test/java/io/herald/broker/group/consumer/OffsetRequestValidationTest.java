package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** OffsetCommit and OffsetFetch member checks against a consumer group, as Kafka 4.4 makes them (KIP-1251 included). */
class OffsetRequestValidationTest {
    private static final short V9 = 9;

    private final FakeTopics topics = new FakeTopics();
    private final ConsumerGroup group = new ConsumerGroup("g", ConsumerGroupConfig.DEFAULT);
    private final Uuid orders = topics.create("orders", 4);
    private final SimulatedConsumer a = new SimulatedConsumer(group, topics, "a", null, List.of("orders"));
    private final SimulatedConsumer b = new SimulatedConsumer(group, topics, "b", null, List.of("orders"));

    /** a owns all of orders at epoch 1, then gives two partitions to b: a keeps two (given at epoch 1) at epoch 2. */
    private void shareOrdersBetweenAAndB() {
        a.heartbeat(1_000);
        b.heartbeat(2_000);
        a.heartbeat(3_000);
        a.heartbeat(4_000);
        b.heartbeat(5_000);
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(b.assigned()).hasSize(2);
    }

    @Test
    void adminCommitIntoAGroupWithoutMembersIsAccepted() {
        assertThat(group.validateOffsetCommit("", -1, V9, orders, 0)).isEqualTo(Errors.NONE);
    }

    @Test
    void adminCommitIntoAGroupWithMembersIsUnknownMemberId() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetCommit("", -1, V9, orders, 0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void commitOfAnUnknownMemberIsUnknownMemberId() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetCommit("ghost", 1, V9, orders, 0)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void commitOfAMemberBelowVersionNineIsUnsupportedVersion() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetCommit("a", 1, (short) 8, orders, 0)).isEqualTo(Errors.UNSUPPORTED_VERSION);
    }

    @Test
    void commitAtTheMembersEpochIsAccepted() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetCommit("a", 1, V9, orders, 3)).isEqualTo(Errors.NONE);
    }

    @Test
    void commitAboveTheMembersEpochIsStale() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetCommit("a", 2, V9, orders, 0)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void olderEpochIsAcceptedForAPartitionGivenAtOrBeforeIt() {
        shareOrdersBetweenAAndB();
        TopicIdPartition kept = a.assigned().first();

        assertThat(group.validateOffsetCommit("a", 1, V9, orders, kept.partitionId()))
                .isEqualTo(Errors.NONE);
    }

    @Test
    void olderEpochIsStaleForAPartitionTheMemberNoLongerOwns() {
        shareOrdersBetweenAAndB();
        TopicIdPartition given = b.assigned().first();

        assertThat(group.validateOffsetCommit("a", 1, V9, orders, given.partitionId()))
                .isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void olderEpochIsStaleForAPartitionGivenAfterIt() {
        shareOrdersBetweenAAndB();
        TopicIdPartition given = b.assigned().first();

        assertThat(group.validateOffsetCommit("b", 1, V9, orders, given.partitionId()))
                .isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void fetchWithoutMemberIdIsAccepted() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetFetch(null, -1)).isEqualTo(Errors.NONE);
    }

    @Test
    void fetchOfAnUnknownMemberIsUnknownMemberId() {
        assertThat(group.validateOffsetFetch("ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void fetchAtAnotherEpochIsStale() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetFetch("a", 0)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void fetchAtTheMembersEpochIsAccepted() {
        a.heartbeat(1_000);

        assertThat(group.validateOffsetFetch("a", 1)).isEqualTo(Errors.NONE);
    }
}
