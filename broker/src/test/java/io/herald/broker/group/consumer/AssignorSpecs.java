package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/** Builds assignor inputs in tests and checks the outputs' basic validity. */
final class AssignorSpecs {
    private final Map<Uuid, Integer> partitionCounts = new TreeMap<>();
    private final List<ServerAssignor.MemberSubscription> members = new ArrayList<>();

    static Uuid topic(int n) {
        return new Uuid(1, n);
    }

    AssignorSpecs topicWithPartitions(Uuid topicId, int partitions) {
        partitionCounts.put(topicId, partitions);
        return this;
    }

    AssignorSpecs member(String memberId, Set<Uuid> topics) {
        return member(memberId, null, topics, Set.of());
    }

    AssignorSpecs member(String memberId, String instanceId, Set<Uuid> topics, Set<TopicIdPartition> currentTarget) {
        members.add(new ServerAssignor.MemberSubscription(memberId, instanceId, topics, currentTarget));
        return this;
    }

    /** Every member of this spec, with {@code previous} as its current target. */
    AssignorSpecs withTargets(Map<String, SortedSet<TopicIdPartition>> previous) {
        members.replaceAll(m -> new ServerAssignor.MemberSubscription(
                m.memberId(),
                m.instanceId(),
                m.subscribedTopicIds(),
                previous.getOrDefault(m.memberId(), new TreeSet<>())));
        return this;
    }

    ServerAssignor.GroupSpec spec() {
        List<ServerAssignor.MemberSubscription> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(ServerAssignor.MemberSubscription::memberId));
        return new ServerAssignor.GroupSpec(sorted, partitionCounts);
    }

    /** Describes what is wrong with {@code assignment} of {@code spec}, or returns null: no partition twice, none to a non-subscriber, none missing. */
    static String problem(ServerAssignor.GroupSpec spec, Map<String, SortedSet<TopicIdPartition>> assignment) {
        Set<TopicIdPartition> seen = new TreeSet<>();
        for (ServerAssignor.MemberSubscription member : spec.members()) {
            SortedSet<TopicIdPartition> partitions = assignment.get(member.memberId());
            if (partitions == null) return "no entry for " + member.memberId();
            for (TopicIdPartition partition : partitions) {
                if (!seen.add(partition)) return partition + " assigned twice";
                if (!member.subscribedTopicIds().contains(partition.topicId())) {
                    return partition + " given to non-subscriber " + member.memberId();
                }
            }
        }
        for (Map.Entry<Uuid, Integer> topic : spec.partitionCounts().entrySet()) {
            boolean subscribed =
                    spec.members().stream().anyMatch(m -> m.subscribedTopicIds().contains(topic.getKey()));
            for (int p = 0; subscribed && p < topic.getValue(); p++) {
                if (!seen.contains(new TopicIdPartition(topic.getKey(), p)))
                    return "partition " + topic.getKey() + "-" + p + " unassigned";
            }
        }
        return null;
    }
}
