package io.herald.broker.group.consumer;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnsupportedAssignorException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.requests.ApiError;

/**
 * The checks Kafka makes on a ConsumerGroupHeartbeat before it looks at any group, with Kafka's messages: missing or
 * empty fields are INVALID_REQUEST, an assignor the broker does not offer is UNSUPPORTED_ASSIGNOR. {@link
 * ConsumerGroup#heartbeat} makes them too; the coordinator calls {@link #validate} first so that an invalid join
 * creates no group, and an invalid request for an unknown group gets INVALID_REQUEST rather than GROUP_ID_NOT_FOUND.
 */
public final class HeartbeatRequestValidator {
    /** From this version on the client generates its member id (KIP-1082) and sends it even when joining. */
    private static final short CONSUMER_GENERATED_MEMBER_ID_REQUIRED_VERSION = 1;

    private HeartbeatRequestValidator() {}

    /** {@link ApiError#NONE}, or the error to answer {@code request} (of ConsumerGroupHeartbeat {@code version}) with. */
    public static ApiError validate(
            ConsumerGroupHeartbeatRequestData request, short version, ConsumerGroupConfig config) {
        try {
            throwIfInvalid(request, version, config);
            return ApiError.NONE;
        } catch (ApiException e) {
            return ApiError.fromThrowable(e);
        }
    }

    static void throwIfInvalid(ConsumerGroupHeartbeatRequestData request, short version, ConsumerGroupConfig config) {
        int memberEpoch = request.memberEpoch();
        if (version >= CONSUMER_GENERATED_MEMBER_ID_REQUIRED_VERSION
                || memberEpoch > 0
                || memberEpoch == CurrentAssignment.LEAVE_GROUP_MEMBER_EPOCH) {
            throwIfEmpty(request.memberId(), "MemberId can't be empty.");
        }
        throwIfEmpty(request.groupId(), "GroupId can't be empty.");
        throwIfEmpty(request.instanceId(), "InstanceId can't be empty.");
        throwIfEmpty(request.rackId(), "RackId can't be empty.");
        if (memberEpoch == 0) {
            if (request.rebalanceTimeoutMs() == -1) {
                throw new InvalidRequestException("RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.topicPartitions() == null || !request.topicPartitions().isEmpty()) {
                throw new InvalidRequestException("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.subscribedTopicNames() == null && request.subscribedTopicRegex() == null) {
                throw new InvalidRequestException(
                        "Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.");
            }
        } else if (memberEpoch == CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            if (request.instanceId() == null) throw new InvalidRequestException("InstanceId can't be null.");
        } else if (memberEpoch < CurrentAssignment.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            throw new InvalidRequestException("MemberEpoch is invalid.");
        }
        String assignor = request.serverAssignor();
        if (assignor != null && !config.assignors().contains(assignor)) {
            throw new UnsupportedAssignorException("ServerAssignor " + assignor
                    + " is not supported. Supported assignors: " + String.join(", ", config.assignors()) + ".");
        }
    }

    /** Kafka's rule: a field that is set may not be empty or only whitespace. */
    private static void throwIfEmpty(String value, String message) {
        if (value != null && value.trim().isEmpty()) throw new InvalidRequestException(message);
    }
}
