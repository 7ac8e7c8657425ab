package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Kafka's server-side {@code range} assignor: for each topic, its subscribers, in a fixed order, get contiguous ranges
 * of partitions, the first {@code partitions % subscribers} of them one more than the others. When all members
 * subscribe to the same topics and those have the same partition count, every member gets the same partition numbers
 * of every topic (co-partitioning, for joins).
 *
 * <p>The order is static members by instance id, then dynamic members by member id, so static members keep their
 * ranges across restarts. Not sticky otherwise: a member joining or leaving can shift every range.
 */
final class RangeAssignor implements ServerAssignor {
    static final String NAME = "range";

    private static final Comparator<MemberSubscription> ORDER = Comparator.comparing(
                    (MemberSubscription m) -> m.instanceId() == null)
            .thenComparing(m -> m.instanceId() == null ? "" : m.instanceId())
            .thenComparing(MemberSubscription::memberId);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SortedSet<TopicIdPartition>> assign(GroupSpec spec) {
        Map<String, SortedSet<TopicIdPartition>> assignment = new TreeMap<>();
        List<MemberSubscription> members = new ArrayList<>(spec.members());
        members.sort(ORDER);
        members.forEach(member -> assignment.put(member.memberId(), new TreeSet<>()));
        spec.partitionCounts().forEach((topicId, partitionCount) -> {
            List<MemberSubscription> subscribers = members.stream()
                    .filter(member -> member.subscribedTopicIds().contains(topicId))
                    .toList();
            assignRanges(topicId, partitionCount, subscribers, assignment);
        });
        return assignment;
    }

    private static void assignRanges(
            Uuid topicId,
            int partitionCount,
            List<MemberSubscription> subscribers,
            Map<String, SortedSet<TopicIdPartition>> assignment) {
        if (subscribers.isEmpty()) return;
        int quota = partitionCount / subscribers.size();
        int extra = partitionCount % subscribers.size();
        int start = 0;
        for (int i = 0; i < subscribers.size(); i++) {
            int end = start + quota + (i < extra ? 1 : 0);
            SortedSet<TopicIdPartition> partitions =
                    assignment.get(subscribers.get(i).memberId());
            for (int partition = start; partition < end; partition++) {
                partitions.add(new TopicIdPartition(topicId, partition));
            }
            start = end;
        }
    }
}
