package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * One consumer as Kafka 4.4's Java client drives the consumer group protocol (version 1): it generates its member id,
 * joins with epoch 0 and every field, then sends a field only when it changed (its owned partitions once it has acted
 * on a new assignment), and everything again after an error or a lost answer. FENCED_MEMBER_EPOCH and
 * UNKNOWN_MEMBER_ID make it drop its partitions and rejoin with epoch 0; other errors are fatal to it.
 *
 * <p>It acts on an assignment at once, but reports it only with its next heartbeat; until then it may still be working
 * on the partitions it was told to give up, so {@link #held} counts both.
 */
final class SimulatedConsumer {
    static final short VERSION = 1;
    static final int REBALANCE_TIMEOUT_MS = 30_000;

    final String memberId;
    final String instanceId;
    private final ConsumerGroup group;
    private final TopicView topics;
    private List<String> subscription;
    private String regex;
    private boolean subscriptionChanged;
    private boolean sendAllFields = true;
    private int memberEpoch;
    private SortedSet<TopicIdPartition> assigned = new TreeSet<>();
    private SortedSet<TopicIdPartition> reported = new TreeSet<>();
    private boolean fatal;

    SimulatedConsumer(
            ConsumerGroup group, TopicView topics, String memberId, String instanceId, List<String> topicNames) {
        this.group = group;
        this.topics = topics;
        this.memberId = memberId;
        this.instanceId = instanceId;
        this.subscription = List.copyOf(topicNames);
    }

    /** Sends the next heartbeat and acts on the answer. */
    ConsumerGroupHeartbeatResponseData heartbeat(long nowMs) {
        ConsumerGroupHeartbeatResponseData response = send(nextRequest(), nowMs);
        apply(response);
        return response;
    }

    /** Sends the next heartbeat, whose answer never arrives: the next one carries every field again. */
    void heartbeatWithLostResponse(long nowMs) {
        send(nextRequest(), nowMs);
        sendAllFields = true;
    }

    /** Leaves with epoch -1, or -2 when {@code temporarily} (static members), and drops everything. */
    ConsumerGroupHeartbeatResponseData leave(boolean temporarily, long nowMs) {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group.groupId())
                .setMemberId(memberId)
                .setInstanceId(instanceId)
                .setMemberEpoch(temporarily ? -2 : -1);
        assigned = new TreeSet<>();
        reported = new TreeSet<>();
        fatal = true;
        return group.heartbeat(request, VERSION, "client-" + memberId, "/127.0.0.1", topics, nowMs);
    }

    void subscribe(List<String> topicNames) {
        subscription = List.copyOf(topicNames);
        regex = null;
        subscriptionChanged = true;
    }

    void subscribeToRegex(String pattern) {
        subscription = List.of();
        regex = pattern;
        subscriptionChanged = true;
    }

    /** What it was told it owns, plus what it was told to give up and has not yet reported as given up. */
    SortedSet<TopicIdPartition> held() {
        SortedSet<TopicIdPartition> held = new TreeSet<>(reported);
        held.addAll(assigned);
        return held;
    }

    List<String> subscription() {
        return subscription;
    }

    SortedSet<TopicIdPartition> assigned() {
        return assigned;
    }

    int memberEpoch() {
        return memberEpoch;
    }

    /** True after a fatal error or a leave: it sends nothing more. */
    boolean isDone() {
        return fatal;
    }

    /** Called when the group no longer has this member: whatever it held is no longer its to hold. */
    void onRemovedFromGroup() {
        assigned = new TreeSet<>();
        reported = new TreeSet<>();
    }

    private ConsumerGroupHeartbeatRequestData nextRequest() {
        ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group.groupId())
                .setMemberId(memberId)
                .setMemberEpoch(memberEpoch)
                .setInstanceId(instanceId);
        boolean all = sendAllFields || memberEpoch == 0;
        if (all) request.setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS);
        if (all || subscriptionChanged) {
            request.setSubscribedTopicNames(new ArrayList<>(subscription));
            request.setSubscribedTopicRegex(regex == null && all ? null : regex == null ? "" : regex);
        }
        if (all || !assigned.equals(reported)) {
            request.setTopicPartitions(toRequest(memberEpoch == 0 ? new TreeSet<>() : assigned));
        }
        reported = new TreeSet<>(assigned);
        subscriptionChanged = false;
        sendAllFields = false;
        return request;
    }

    private ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request, long nowMs) {
        return group.heartbeat(request, VERSION, "client-" + memberId, "/127.0.0.1", topics, nowMs);
    }

    private void apply(ConsumerGroupHeartbeatResponseData response) {
        Errors error = Errors.forCode(response.errorCode());
        if (error == Errors.FENCED_MEMBER_EPOCH || error == Errors.UNKNOWN_MEMBER_ID) {
            assigned = new TreeSet<>();
            reported = new TreeSet<>();
            memberEpoch = 0;
            sendAllFields = true;
        } else if (error != Errors.NONE) {
            assigned = new TreeSet<>();
            reported = new TreeSet<>();
            fatal = true;
        } else {
            memberEpoch = response.memberEpoch();
            if (response.assignment() != null) assigned = fromResponse(response.assignment());
        }
    }

    static SortedSet<TopicIdPartition> fromResponse(ConsumerGroupHeartbeatResponseData.Assignment assignment) {
        SortedSet<TopicIdPartition> partitions = new TreeSet<>();
        for (ConsumerGroupHeartbeatResponseData.TopicPartitions topic : assignment.topicPartitions()) {
            topic.partitions().forEach(p -> partitions.add(new TopicIdPartition(topic.topicId(), p)));
        }
        return partitions;
    }

    static List<ConsumerGroupHeartbeatRequestData.TopicPartitions> toRequest(SortedSet<TopicIdPartition> partitions) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> topicsList = new ArrayList<>();
        for (TopicIdPartition partition : partitions) {
            ConsumerGroupHeartbeatRequestData.TopicPartitions last = topicsList.isEmpty() ? null : topicsList.getLast();
            if (last == null || !last.topicId().equals(partition.topicId())) {
                last = new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                        .setTopicId(partition.topicId())
                        .setPartitions(new ArrayList<>());
                topicsList.add(last);
            }
            last.partitions().add(partition.partitionId());
        }
        return topicsList;
    }
}
