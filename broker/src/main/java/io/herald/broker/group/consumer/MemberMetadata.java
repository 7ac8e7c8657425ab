package io.herald.broker.group.consumer;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

/**
 * What a member told the coordinator about itself (Kafka's member metadata record), updated by every heartbeat. A
 * heartbeat leaves a field unchanged by sending null (or -1 for the rebalance timeout); client id and host come from the
 * request context and always replace the old ones.
 *
 * @param subscribedTopicRegex null or empty when the member subscribes by names only
 * @param serverAssignorName null when the member leaves the choice to the group
 */
record MemberMetadata(
        String instanceId,
        String rackId,
        String clientId,
        String clientHost,
        int rebalanceTimeoutMs,
        SortedSet<String> subscribedTopicNames,
        String subscribedTopicRegex,
        String serverAssignorName) {

    static final MemberMetadata NONE = new MemberMetadata(null, null, "", "", -1, new TreeSet<>(), null, null);

    MemberMetadata {
        subscribedTopicNames = Collections.unmodifiableSortedSet(new TreeSet<>(subscribedTopicNames));
    }

    MemberMetadata updatedWith(ConsumerGroupHeartbeatRequestData request, String newClientId, String newClientHost) {
        return new MemberMetadata(
                request.instanceId() != null ? request.instanceId() : instanceId,
                request.rackId() != null ? request.rackId() : rackId,
                newClientId,
                newClientHost,
                request.rebalanceTimeoutMs() != -1 ? request.rebalanceTimeoutMs() : rebalanceTimeoutMs,
                request.subscribedTopicNames() != null
                        ? new TreeSet<>(request.subscribedTopicNames())
                        : subscribedTopicNames,
                request.subscribedTopicRegex() != null ? request.subscribedTopicRegex() : subscribedTopicRegex,
                request.serverAssignor() != null ? request.serverAssignor() : serverAssignorName);
    }

    boolean hasSubscribedTopicRegex() {
        return subscribedTopicRegex != null && !subscribedTopicRegex.isEmpty();
    }

    boolean hasSameSubscription(MemberMetadata other) {
        return subscribedTopicNames.equals(other.subscribedTopicNames)
                && Objects.equals(regexOrNull(), other.regexOrNull());
    }

    private String regexOrNull() {
        return hasSubscribedTopicRegex() ? subscribedTopicRegex : null;
    }
}
