package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** Joins, convergence, leaving, static members, timers, subscription and topic changes, through heartbeats. */
class ConsumerGroupTest {
    private static final long SESSION_TIMEOUT_MS = ConsumerGroupConfig.DEFAULT.sessionTimeoutMs();

    private final FakeTopics topics = new FakeTopics();
    private final ConsumerGroup group = new ConsumerGroup("g", ConsumerGroupConfig.DEFAULT);
    private long nowMs = 1_000;

    ConsumerGroupTest() {
        topics.create("orders", 6);
        topics.create("payments", 2);
    }

    private SimulatedConsumer consumer(String memberId, String... topicNames) {
        return new SimulatedConsumer(group, topics, memberId, null, List.of(topicNames));
    }

    private SimulatedConsumer staticConsumer(String memberId, String instanceId, String... topicNames) {
        return new SimulatedConsumer(group, topics, memberId, instanceId, List.of(topicNames));
    }

    /** Every consumer heartbeats, one second apart, {@code rounds} times. */
    private void heartbeatRounds(int rounds, SimulatedConsumer... consumers) {
        for (int i = 0; i < rounds; i++) {
            for (SimulatedConsumer consumer : consumers) {
                nowMs += 1_000;
                consumer.heartbeat(nowMs);
            }
        }
    }

    private ConsumerGroupDescribeResponseData.Member described(String memberId) {
        return group.describe(topics, false).members().stream()
                .filter(m -> m.memberId().equals(memberId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void firstMemberJoinsAtEpochOneWithEveryPartition() {
        ConsumerGroupHeartbeatResponseData response = consumer("a", "orders").heartbeat(nowMs);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberId()).isEqualTo("a");
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(response.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .isEqualTo(topics.allPartitions(List.of("orders")));
        assertThat(group.state()).isEqualTo("Stable");
    }

    @Test
    void threeMembersConvergeToABalancedAssignmentAtTheGroupEpoch() {
        SimulatedConsumer a = consumer("a", "orders", "payments");
        SimulatedConsumer b = consumer("b", "orders", "payments");
        SimulatedConsumer c = consumer("c", "orders", "payments");

        heartbeatRounds(4, a, b, c);

        assertThat(group.state()).isEqualTo("Stable");
        SortedSet<TopicIdPartition> all = new TreeSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (SimulatedConsumer consumer : List.of(a, b, c)) {
            assertThat(consumer.memberEpoch()).isEqualTo(group.groupEpoch());
            assertThat(Collections.disjoint(all, consumer.assigned())).isTrue();
            all.addAll(consumer.assigned());
            sizes.add(consumer.assigned().size());
        }
        assertThat(all).isEqualTo(topics.allPartitions(List.of("orders", "payments")));
        assertThat(sizes).containsExactlyInAnyOrder(3, 3, 2);
    }

    @Test
    void joiningMemberGetsNoPartitionItsOwnerHasNotRevoked() {
        consumer("a", "orders").heartbeat(nowMs);

        ConsumerGroupHeartbeatResponseData response = consumer("b", "orders").heartbeat(nowMs);

        assertThat(response.memberEpoch()).isEqualTo(2);
        assertThat(response.assignment().topicPartitions()).isEmpty();
        assertThat(group.member("b").state()).isEqualTo(MemberState.UNRELEASED_PARTITIONS);
    }

    @Test
    void ownerIsToldToRevokeAndStaysAtItsEpochUntilItHas() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);
        consumer("b", "orders").heartbeat(nowMs);

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(SimulatedConsumer.fromResponse(response.assignment())).hasSize(3);
        assertThat(group.member("a").state()).isEqualTo(MemberState.UNREVOKED_PARTITIONS);
        assertThat(described("a").assignment().topicPartitions().getFirst().partitions())
                .hasSize(6);
    }

    @Test
    void revokedPartitionsGoToTheWaitingMemberOnItsNextHeartbeat() {
        SimulatedConsumer a = consumer("a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        a.heartbeat(nowMs);
        b.heartbeat(nowMs);
        a.heartbeat(nowMs + 1_000);
        a.heartbeat(nowMs + 2_000);

        ConsumerGroupHeartbeatResponseData response = b.heartbeat(nowMs + 3_000);

        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .hasSize(3)
                .doesNotContainAnyElementsOf(a.assigned());
        assertThat(group.state()).isEqualTo("Stable");
    }

    @Test
    void memberLeavingWithEpochMinusOneIsRemovedAndBumpsTheGroupEpoch() {
        SimulatedConsumer a = consumer("a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        heartbeatRounds(3, a, b);
        int epochBefore = group.groupEpoch();

        ConsumerGroupHeartbeatResponseData response = a.leave(false, nowMs);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberId()).isEqualTo("a");
        assertThat(response.memberEpoch()).isEqualTo(-1);
        assertThat(group.member("a")).isNull();
        assertThat(group.groupEpoch()).isEqualTo(epochBefore + 1);
        assertThat(group.state()).isEqualTo("Assigning");
    }

    @Test
    void remainingMemberGetsTheLeaversPartitionsOnItsNextHeartbeat() {
        SimulatedConsumer a = consumer("a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        heartbeatRounds(3, a, b);
        a.leave(false, nowMs);

        b.heartbeat(nowMs + 1_000);

        assertThat(b.assigned()).isEqualTo(topics.allPartitions(List.of("orders")));
        assertThat(b.memberEpoch()).isEqualTo(group.groupEpoch());
    }

    @Test
    void staticMemberLeavingWithEpochMinusTwoKeepsItsPartitionsWithoutARebalance() {
        SimulatedConsumer a = staticConsumer("a", "instance-a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        heartbeatRounds(3, a, b);
        int epochBefore = group.groupEpoch();

        ConsumerGroupHeartbeatResponseData response = a.leave(true, nowMs);

        assertThat(response.memberEpoch()).isEqualTo(-2);
        assertThat(group.groupEpoch()).isEqualTo(epochBefore);
        assertThat(described("a").memberEpoch()).isEqualTo(-2);
        assertThat(described("a").assignment().topicPartitions().getFirst().partitions())
                .hasSize(3);
    }

    @Test
    void staticMemberReturningWithANewMemberIdGetsItsPartitionsBackAtTheSameGroupEpoch() {
        SimulatedConsumer a = staticConsumer("a", "instance-a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        heartbeatRounds(3, a, b);
        SortedSet<TopicIdPartition> partitionsOfA = a.assigned();
        int epochBefore = group.groupEpoch();
        a.leave(true, nowMs);

        ConsumerGroupHeartbeatResponseData response =
                staticConsumer("a2", "instance-a", "orders").heartbeat(nowMs + 5_000);

        assertThat(response.memberId()).isEqualTo("a2");
        assertThat(response.memberEpoch()).isEqualTo(epochBefore);
        assertThat(SimulatedConsumer.fromResponse(response.assignment())).isEqualTo(partitionsOfA);
        assertThat(group.member("a")).isNull();
        assertThat(group.groupEpoch()).isEqualTo(epochBefore);
        assertThat(group.state()).isEqualTo("Stable");
    }

    @Test
    void staticMemberLeavingWithEpochMinusOneIsRemoved() {
        SimulatedConsumer a = staticConsumer("a", "instance-a", "orders");
        a.heartbeat(nowMs);

        ConsumerGroupHeartbeatResponseData response = a.leave(false, nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(-1);
        assertThat(group.isEmpty()).isTrue();
        assertThat(group.groupEpoch()).isEqualTo(2);
    }

    @Test
    void staticMemberThatDoesNotReturnWithinTheSessionTimeoutIsRemoved() {
        SimulatedConsumer a = staticConsumer("a", "instance-a", "orders");
        a.heartbeat(nowMs);
        a.leave(true, nowMs + 1_000);

        group.expire(nowMs + SESSION_TIMEOUT_MS);

        assertThat(group.isEmpty()).isTrue();
        assertThat(group.state()).isEqualTo("Empty");
    }

    @Test
    void sessionDeadlineIsTheLastHeartbeatPlusTheSessionTimeout() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);

        a.heartbeat(nowMs + 10_000);

        assertThat(group.nextDeadlineMs()).isEqualTo(nowMs + 10_000 + SESSION_TIMEOUT_MS);
    }

    @Test
    void memberIsNotFencedBeforeItsSessionDeadline() {
        consumer("a", "orders").heartbeat(nowMs);

        group.expire(nowMs + SESSION_TIMEOUT_MS - 1);

        assertThat(group.member("a")).isNotNull();
    }

    @Test
    void memberWithoutHeartbeatsIsFencedAtItsSessionDeadline() {
        consumer("a", "orders").heartbeat(nowMs);

        group.expire(nowMs + SESSION_TIMEOUT_MS);

        assertThat(group.member("a")).isNull();
        assertThat(group.groupEpoch()).isEqualTo(2);
        assertThat(group.nextDeadlineMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void memberThatDoesNotRevokeWithinItsRebalanceTimeoutIsFenced() {
        SimulatedConsumer a = consumer("a", "orders");
        SimulatedConsumer b = consumer("b", "orders");
        a.heartbeat(nowMs);
        b.heartbeat(nowMs);
        ConsumerGroupHeartbeatRequestData stillOwningEverything = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("a")
                .setMemberEpoch(1)
                .setTopicPartitions(SimulatedConsumer.toRequest(topics.allPartitions(List.of("orders"))));
        group.heartbeat(stillOwningEverything, (short) 1, "c", "/h", topics, nowMs + 1_000);
        for (long t = nowMs + 5_000; t < nowMs + 31_000; t += 5_000) {
            group.heartbeat(stillOwningEverything, (short) 1, "c", "/h", topics, t);
            b.heartbeat(t);
        }
        assertThat(group.nextDeadlineMs()).isEqualTo(nowMs + 1_000 + SimulatedConsumer.REBALANCE_TIMEOUT_MS);

        group.expire(nowMs + 1_000 + SimulatedConsumer.REBALANCE_TIMEOUT_MS);

        assertThat(group.member("a")).isNull();
        assertThat(group.member("b")).isNotNull();
    }

    @Test
    void subscribingToAnotherTopicBumpsTheGroupEpochAndMovesTheAssignment() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);
        a.subscribe(List.of("payments"));

        heartbeatRounds(2, a);

        assertThat(group.groupEpoch()).isEqualTo(2);
        assertThat(a.assigned()).isEqualTo(topics.allPartitions(List.of("payments")));
        assertThat(a.memberEpoch()).isEqualTo(2);
    }

    @Test
    void partitionsOfAnUnsubscribedTopicAreRevokedAtOnce() {
        SimulatedConsumer a = consumer("a", "orders", "payments");
        a.heartbeat(nowMs);
        a.subscribe(List.of("payments"));

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 1_000);

        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .isEqualTo(topics.allPartitions(List.of("payments")));
    }

    @Test
    void newPartitionsOfASubscribedTopicBumpTheGroupEpochAtTheNextHeartbeat() {
        SimulatedConsumer a = consumer("a", "payments");
        a.heartbeat(nowMs);
        topics.setPartitionCount("payments", 4);

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(2);
        assertThat(SimulatedConsumer.fromResponse(response.assignment())).hasSize(4);
    }

    @Test
    void subscriptionToAnUnknownTopicJoinsWithNoPartitions() {
        ConsumerGroupHeartbeatResponseData response = consumer("a", "not-yet").heartbeat(nowMs);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(response.assignment().topicPartitions()).isEmpty();
    }

    @Test
    void unknownTopicIsAssignedOnceItIsCreated() {
        SimulatedConsumer a = consumer("a", "not-yet");
        a.heartbeat(nowMs);
        topics.create("not-yet", 3);

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(2);
        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .isEqualTo(topics.allPartitions(List.of("not-yet")));
    }

    @Test
    void deletedTopicIsRevoked() {
        SimulatedConsumer a = consumer("a", "orders", "payments");
        a.heartbeat(nowMs);
        topics.delete("payments");

        heartbeatRounds(2, a);

        assertThat(a.assigned()).isEqualTo(topics.allPartitions(List.of("orders")));
        assertThat(group.state()).isEqualTo("Stable");
    }

    @Test
    void regexSubscriptionGetsEveryMatchingTopic() {
        topics.create("orders-eu", 1);
        SimulatedConsumer a = consumer("a");
        a.subscribeToRegex("orders.*");

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs);

        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .isEqualTo(topics.allPartitions(List.of("orders", "orders-eu")));
        assertThat(group.subscribedTopicNames()).containsExactly("orders", "orders-eu");
    }

    @Test
    void topicCreatedLaterThatMatchesTheRegexIsAssigned() {
        SimulatedConsumer a = consumer("a");
        a.subscribeToRegex("orders.*");
        a.heartbeat(nowMs);
        topics.create("orders-us", 2);

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(2);
        assertThat(SimulatedConsumer.fromResponse(response.assignment()))
                .isEqualTo(topics.allPartitions(List.of("orders", "orders-us")));
    }

    @Test
    void rejoinWithEpochZeroOfAMemberStillInTheGroupKeepsItsAssignment() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);
        ConsumerGroupHeartbeatRequestData rejoin = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("a")
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("orders"))
                .setTopicPartitions(new ArrayList<>());

        ConsumerGroupHeartbeatResponseData response =
                group.heartbeat(rejoin, (short) 1, "c", "/h", topics, nowMs + 1_000);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(SimulatedConsumer.fromResponse(response.assignment())).isEqualTo(a.assigned());
    }

    @Test
    void memberOfAGroupLostInARestartIsToldItIsUnknownAndRejoinsWithItsMemberId() {
        ConsumerGroupHeartbeatRequestData afterRestart = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("a")
                .setMemberEpoch(7)
                .setTopicPartitions(SimulatedConsumer.toRequest(topics.partitions("orders", 0, 1)));
        ConsumerGroupHeartbeatResponseData unknown = group.heartbeat(afterRestart, (short) 1, "c", "/h", topics, nowMs);
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.groupEpoch()).isZero();

        ConsumerGroupHeartbeatResponseData rejoined = consumer("a", "orders").heartbeat(nowMs + 100);

        assertThat(rejoined.memberEpoch()).isEqualTo(1);
        assertThat(SimulatedConsumer.fromResponse(rejoined.assignment()))
                .isEqualTo(topics.allPartitions(List.of("orders")));
    }

    @Test
    void heartbeatWithoutChangesCarriesNoAssignment() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);
        a.heartbeat(nowMs + 1_000);

        ConsumerGroupHeartbeatResponseData response = a.heartbeat(nowMs + 2_000);

        assertThat(response.assignment()).isNull();
    }

    @Test
    void versionZeroJoinWithoutMemberIdGetsOneFromTheCoordinator() {
        ConsumerGroupHeartbeatRequestData join = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("")
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("orders"))
                .setTopicPartitions(new ArrayList<>());

        ConsumerGroupHeartbeatResponseData response = group.heartbeat(join, (short) 0, "c", "/h", topics, nowMs);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberId()).isNotEmpty();
        assertThat(group.member(response.memberId())).isNotNull();
    }

    @Test
    void membersAskingForTheRangeAssignorGetRangesAndTheGroupEpochMoves() {
        SimulatedConsumer a = consumer("a", "orders");
        a.heartbeat(nowMs);
        ConsumerGroupHeartbeatRequestData askForRange = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId("a")
                .setMemberEpoch(1)
                .setServerAssignor("range");

        ConsumerGroupHeartbeatResponseData response =
                group.heartbeat(askForRange, (short) 1, "c", "/h", topics, nowMs + 1_000);

        assertThat(response.memberEpoch()).isEqualTo(2);
        assertThat(group.describe(topics, false).assignorName()).isEqualTo("range");
    }

    @Test
    void heartbeatForAnotherGroupIsAProgrammingError() {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("other")
                .setMemberId("a")
                .setMemberEpoch(3);

        assertThatThrownBy(() -> group.heartbeat(request, (short) 1, "c", "/h", topics, nowMs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'other'");
    }

    @Test
    void membersAreSummarisedWithTheirClientAndAssignedPartitionsByName() {
        consumer("a", "payments").heartbeat(nowMs);

        List<MemberSummary> members = group.members(topics);

        assertThat(members).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo("a");
            assertThat(m.clientId()).isEqualTo("client-a");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.subscribedTopicNames()).containsExactly("payments");
            assertThat(m.assignedPartitions()).extracting(Object::toString).containsExactly("payments-0", "payments-1");
        });
    }

    @Test
    void describeAnswersEveryFieldOfTheGroupAndItsMembers() {
        consumer("a", "payments").heartbeat(nowMs);

        ConsumerGroupDescribeResponseData.DescribedGroup described = group.describe(topics, true);

        assertThat(described.groupId()).isEqualTo("g");
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.groupEpoch()).isEqualTo(1);
        assertThat(described.assignmentEpoch()).isEqualTo(1);
        assertThat(described.assignorName()).isEqualTo("uniform");
        assertThat(described.authorizedOperations()).isEqualTo((1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11));
        ConsumerGroupDescribeResponseData.Member member = described.members().getFirst();
        assertThat(member.memberEpoch()).isEqualTo(1);
        assertThat(member.clientId()).isEqualTo("client-a");
        assertThat(member.subscribedTopicNames()).containsExactly("payments");
        assertThat(member.memberType()).isEqualTo((byte) 1);
        assertThat(member.assignment().topicPartitions().getFirst().topicName()).isEqualTo("payments");
        assertThat(member.targetAssignment()).isEqualTo(member.assignment());
    }

    @Test
    void describeWithoutAuthorizedOperationsLeavesKafkasDefault() {
        ConsumerGroupDescribeResponseData.DescribedGroup described = group.describe(topics, false);

        assertThat(described.authorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        assertThat(described.groupState()).isEqualTo("Empty");
    }
}
