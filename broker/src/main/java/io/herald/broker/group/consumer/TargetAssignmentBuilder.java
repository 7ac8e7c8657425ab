package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Computes a group's new target assignment, as Kafka's {@code TargetAssignmentBuilder}: hands the assignor every
 * member's resolved subscription and current target, and the partition counts of the subscribed topics, and returns
 * the assignor's answer with an entry for every member. Called whenever the group epoch has moved past the target
 * assignment epoch.
 */
final class TargetAssignmentBuilder {
    private TargetAssignmentBuilder() {}

    static SortedMap<String, SortedSet<TopicIdPartition>> build(
            ServerAssignor assignor,
            Collection<ConsumerGroupMember> members,
            Map<String, SortedSet<TopicIdPartition>> currentTarget,
            SubscribedTopics subscribedTopics,
            Map<String, SubscribedTopics.TopicMetadata> subscriptionMetadata) {
        List<ServerAssignor.MemberSubscription> subscriptions = new ArrayList<>();
        for (ConsumerGroupMember member : members) {
            subscriptions.add(new ServerAssignor.MemberSubscription(
                    member.memberId(),
                    member.instanceId(),
                    subscribedTopics.topicIds(member.metadata()),
                    currentTarget.getOrDefault(member.memberId(), Collections.emptySortedSet())));
        }
        Map<Uuid, Integer> partitionCounts = new TreeMap<>();
        subscriptionMetadata.values().forEach(topic -> partitionCounts.put(topic.topicId(), topic.partitionCount()));
        Map<String, SortedSet<TopicIdPartition>> assigned =
                assignor.assign(new ServerAssignor.GroupSpec(subscriptions, partitionCounts));
        SortedMap<String, SortedSet<TopicIdPartition>> target = new TreeMap<>();
        for (ConsumerGroupMember member : members) {
            target.put(member.memberId(), new TreeSet<>(assigned.getOrDefault(member.memberId(), new TreeSet<>())));
        }
        return target;
    }
}
