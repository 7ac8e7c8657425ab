package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error a ConsumerGroupHeartbeat can get from a group, with Kafka's code and message. */
class ConsumerGroupHeartbeatErrorsTest {
    private final FakeTopics topics = new FakeTopics();
    private ConsumerGroup group = new ConsumerGroup("g", ConsumerGroupConfig.DEFAULT);
    private final long nowMs = 1_000;

    ConsumerGroupHeartbeatErrorsTest() {
        topics.create("orders", 4);
    }

    private static ConsumerGroupHeartbeatRequestData join(String memberId) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("orders"))
                .setTopicPartitions(new ArrayList<>());
    }

    private static ConsumerGroupHeartbeatRequestData heartbeat(String memberId, int memberEpoch) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setMemberEpoch(memberEpoch);
    }

    private ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        return group.heartbeat(request, (short) 1, "client", "/127.0.0.1", topics, nowMs);
    }

    private static void assertError(ConsumerGroupHeartbeatResponseData response, Errors error, String message) {
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(error);
        assertThat(response.errorMessage()).isEqualTo(message);
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setMemberId(""),
                        "MemberId can't be empty."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setGroupId(" "),
                        "GroupId can't be empty."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setInstanceId(""),
                        "InstanceId can't be empty."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setRackId(""),
                        "RackId can't be empty."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setRebalanceTimeoutMs(-1),
                        "RebalanceTimeoutMs must be provided in first request."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setTopicPartitions(null),
                        "TopicPartitions must be empty when (re-)joining."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r ->
                                r.setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                                        .setTopicId(Uuid.ONE_UUID)
                                        .setPartitions(List.of(0)))),
                        "TopicPartitions must be empty when (re-)joining."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setSubscribedTopicNames(null),
                        "Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setMemberEpoch(-2),
                        "InstanceId can't be null."),
                Arguments.of(
                        (UnaryOperator<ConsumerGroupHeartbeatRequestData>) r -> r.setMemberEpoch(-3),
                        "MemberEpoch is invalid."));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void invalidRequestIsRefusedWithKafkasMessage(
            UnaryOperator<ConsumerGroupHeartbeatRequestData> breakRequest, String message) {
        ConsumerGroupHeartbeatResponseData response = send(breakRequest.apply(join("a")));

        assertError(response, Errors.INVALID_REQUEST, message);
        assertThat(group.groupEpoch()).isZero();
    }

    @Test
    void validatorAnswersTheSameErrorWithoutAGroup() {
        ApiError error = HeartbeatRequestValidator.validate(
                join("a").setRebalanceTimeoutMs(-1), (short) 1, ConsumerGroupConfig.DEFAULT);

        assertThat(error.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error.message()).isEqualTo("RebalanceTimeoutMs must be provided in first request.");
    }

    @Test
    void versionZeroHeartbeatWithoutMemberIdIsInvalid() {
        ApiError error = HeartbeatRequestValidator.validate(heartbeat("", 3), (short) 0, ConsumerGroupConfig.DEFAULT);

        assertThat(error.message()).isEqualTo("MemberId can't be empty.");
    }

    @Test
    void assignorTheBrokerDoesNotOfferIsUnsupported() {
        ConsumerGroupHeartbeatResponseData response = send(join("a").setServerAssignor("sticky"));

        assertError(
                response,
                Errors.UNSUPPORTED_ASSIGNOR,
                "ServerAssignor sticky is not supported. Supported assignors: uniform, range.");
    }

    @Test
    void heartbeatOfAnUnknownMemberIsUnknownMemberId() {
        ConsumerGroupHeartbeatResponseData response = send(heartbeat("ghost", 3));

        assertError(response, Errors.UNKNOWN_MEMBER_ID, "Member ghost is not a member of group g.");
    }

    @Test
    void leaveOfAnUnknownMemberIsUnknownMemberId() {
        ConsumerGroupHeartbeatResponseData response = send(heartbeat("ghost", -1));

        assertError(response, Errors.UNKNOWN_MEMBER_ID, "Member ghost is not a member of group g.");
    }

    @Test
    void epochAboveTheMembersIsFenced() {
        send(join("a"));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", 5));

        assertError(
                response,
                Errors.FENCED_MEMBER_EPOCH,
                "The consumer group member has a greater member epoch (5) than the one known by the group "
                        + "coordinator (1). The member must abandon all its partitions and rejoin.");
    }

    @Test
    void epochBelowTheMembersAndNotItsPreviousIsFenced() {
        send(join("a"));
        send(heartbeat("a", 1).setSubscribedTopicNames(List.of()).setTopicPartitions(new ArrayList<>()));
        send(heartbeat("a", 2).setSubscribedTopicNames(List.of("orders")).setTopicPartitions(new ArrayList<>()));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", 1));

        assertError(
                response,
                Errors.FENCED_MEMBER_EPOCH,
                "The consumer group member has a smaller member epoch (1) than the one known by the group "
                        + "coordinator (3). The member must abandon all its partitions and rejoin.");
    }

    @Test
    void previousEpochWithOwnedPartitionsInTheAssignmentIsAccepted() {
        send(join("a"));
        send(heartbeat("a", 1).setSubscribedTopicNames(List.of()).setTopicPartitions(new ArrayList<>()));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", 1).setTopicPartitions(new ArrayList<>()));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberEpoch()).isEqualTo(2);
    }

    @Test
    void previousEpochWithoutOwnedPartitionsIsFenced() {
        send(join("a"));
        send(heartbeat("a", 1).setSubscribedTopicNames(List.of()).setTopicPartitions(new ArrayList<>()));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", 1));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
    }

    @Test
    void joinBeyondTheMaximumGroupSizeIsRefused() {
        group = new ConsumerGroup("g", new ConsumerGroupConfig(45_000, 5_000, 1, List.of("uniform")));
        send(join("a"));

        ConsumerGroupHeartbeatResponseData response = send(join("b"));

        assertError(
                response,
                Errors.GROUP_MAX_SIZE_REACHED,
                "The consumer group has reached its maximum capacity of 1 members.");
    }

    @Test
    void joinWithTheInstanceIdOfALiveStaticMemberIsUnreleasedInstanceId() {
        send(join("a").setInstanceId("i"));

        ConsumerGroupHeartbeatResponseData response = send(join("b").setInstanceId("i"));

        assertError(
                response,
                Errors.UNRELEASED_INSTANCE_ID,
                "Static member b with instance id i cannot join the group because the instance id is owned by a "
                        + "member.");
    }

    @Test
    void heartbeatWithTheInstanceIdOfAnotherMemberIsFencedInstanceId() {
        send(join("a").setInstanceId("i"));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("b", 1).setInstanceId("i"));

        assertError(response, Errors.FENCED_INSTANCE_ID, "Static member b with instance id i was fenced by member a.");
    }

    @Test
    void heartbeatWithAnUnknownInstanceIdIsUnknownMemberId() {
        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", 1).setInstanceId("i"));

        assertError(response, Errors.UNKNOWN_MEMBER_ID, "Instance id i is unknown.");
    }

    @Test
    void staticLeaveWithAnUnknownInstanceIdIsUnknownMemberId() {
        ConsumerGroupHeartbeatResponseData response = send(heartbeat("a", -2).setInstanceId("i"));

        assertError(response, Errors.UNKNOWN_MEMBER_ID, "Instance id i is unknown.");
    }

    @Test
    void staticMemberMayTakeOverItsInstanceInAFullGroup() {
        group = new ConsumerGroup("g", new ConsumerGroupConfig(45_000, 5_000, 1, List.of("uniform")));
        send(join("a").setInstanceId("i"));
        send(heartbeat("a", -2).setInstanceId("i"));

        ConsumerGroupHeartbeatResponseData response = send(join("a2").setInstanceId("i"));

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.memberEpoch()).isEqualTo(1);
    }

    @Test
    void staticLeaveOfAnotherMembersInstanceIdIsFencedInstanceId() {
        send(join("a").setInstanceId("i"));

        ConsumerGroupHeartbeatResponseData response = send(heartbeat("b", -2).setInstanceId("i"));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(group.member("a").memberEpoch()).isEqualTo(1);
    }

    @Test
    void invalidRegexIsInvalidRegularExpression() {
        ConsumerGroupHeartbeatResponseData response =
                send(join("a").setSubscribedTopicRegex("orders[").setSubscribedTopicNames(null));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
        assertThat(response.errorMessage())
                .startsWith("SubscribedTopicRegex `orders[` is not a valid regular expression: ");
    }

    @Test
    void regexThatBacktracksWithoutEndIsRefused() {
        topics.create("a".repeat(30), 1);

        ConsumerGroupHeartbeatResponseData response =
                send(join("a").setSubscribedTopicRegex("(.*a){12}b").setSubscribedTopicNames(null));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_REGULAR_EXPRESSION);
        assertThat(response.errorMessage()).contains("too much backtracking");
    }

    @Test
    void failedHeartbeatChangesNothing() {
        send(join("a"));

        send(heartbeat("a", 1).setSubscribedTopicRegex("orders(").setTopicPartitions(new ArrayList<>()));

        assertThat(group.groupEpoch()).isEqualTo(1);
        assertThat(group.member("a").metadata().subscribedTopicRegex()).isNull();
    }
}
