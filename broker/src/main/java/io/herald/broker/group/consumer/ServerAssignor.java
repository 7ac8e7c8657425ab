package io.herald.broker.group.consumer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * A server-side partition assignor of the consumer group protocol (Kafka's {@code ConsumerGroupPartitionAssignor}):
 * computes a group's target assignment from its members' subscriptions, their current targets and the partition
 * counts. A member picks one by name with {@code ServerAssignor} in its heartbeat; the broker offers those listed in
 * {@code group.consumer.assignors}.
 *
 * <p>Implementations are pure and deterministic: the same spec gives the same assignment.
 */
interface ServerAssignor {
    /** The name members ask for: {@code uniform} or {@code range}. */
    String name();

    /**
     * The target assignment: an entry, possibly empty, for every member of {@code spec}. A partition goes to at most
     * one member, and only to a member subscribed to its topic.
     */
    Map<String, SortedSet<TopicIdPartition>> assign(GroupSpec spec);

    /** The assignor with {@code name}, or null when Herald has none by that name. */
    static ServerAssignor named(String name) {
        return switch (name) {
            case UniformAssignor.NAME -> new UniformAssignor();
            case RangeAssignor.NAME -> new RangeAssignor();
            default -> null;
        };
    }

    /**
     * What an assignor sees of a group.
     *
     * @param members every member, by member id
     * @param partitionCounts the partition count of every existing topic some member subscribes to
     */
    record GroupSpec(List<MemberSubscription> members, Map<Uuid, Integer> partitionCounts) {
        public GroupSpec {
            members = List.copyOf(members);
            partitionCounts = Collections.unmodifiableMap(new TreeMap<>(partitionCounts));
        }
    }

    /**
     * One member as an assignor sees it.
     *
     * @param instanceId null for a dynamic member
     * @param subscribedTopicIds the existing topics it subscribes to
     * @param targetPartitions its current target assignment, which a sticky assignor keeps where it can
     */
    record MemberSubscription(
            String memberId, String instanceId, Set<Uuid> subscribedTopicIds, Set<TopicIdPartition> targetPartitions) {
        public MemberSubscription {
            subscribedTopicIds = Collections.unmodifiableSortedSet(new TreeSet<>(subscribedTopicIds));
            targetPartitions = Collections.unmodifiableSortedSet(new TreeSet<>(targetPartitions));
        }
    }
}
