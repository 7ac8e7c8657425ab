package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Kafka's server-side {@code uniform} assignor, the default: balanced first, sticky second. Members may subscribe to
 * different topics (Kafka splits this case into a homogeneous and a heterogeneous builder; one algorithm covers both
 * here):
 *
 * <ol>
 *   <li>every member keeps the partitions of its current target that still exist and that it still subscribes to;
 *   <li>each partition left over goes to the least loaded member subscribed to its topic, topics taken in Kafka's
 *       order (most partitions per subscriber first);
 *   <li>while a topic has a subscriber holding at least two partitions more than another subscriber, one of its
 *       partitions of that topic moves to the less loaded one.
 * </ol>
 *
 * Each move in step 3 strictly lowers the sum of squared member loads, so it ends. When all members subscribe to the
 * same topics, no two members' partition counts differ by more than one, and from a balanced target only the
 * partitions that must move do (a joining member takes its share from the most loaded members, a leaving member's
 * partitions go to the least loaded). With different subscriptions, balance is per topic's subscribers, as in Kafka.
 * Racks are not considered: Herald is one broker.
 */
final class UniformAssignor implements ServerAssignor {
    static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SortedSet<TopicIdPartition>> assign(GroupSpec spec) {
        return new Run(spec).assign();
    }

    /** The state of one assignment: who owns what, and each member's load. */
    private static final class Run {
        private final GroupSpec spec;
        private final Map<String, SortedSet<TopicIdPartition>> assignment = new TreeMap<>();
        private final Map<TopicIdPartition, String> owners = new HashMap<>();
        private final Map<Uuid, List<String>> subscribers = new TreeMap<>();

        Run(GroupSpec spec) {
            this.spec = spec;
            for (MemberSubscription member : spec.members()) {
                assignment.put(member.memberId(), new TreeSet<>());
                for (Uuid topicId : member.subscribedTopicIds()) {
                    if (spec.partitionCounts().containsKey(topicId)) {
                        subscribers
                                .computeIfAbsent(topicId, id -> new ArrayList<>())
                                .add(member.memberId());
                    }
                }
            }
        }

        Map<String, SortedSet<TopicIdPartition>> assign() {
            keepCurrentTargets();
            List<Uuid> topics = topicsInKafkaOrder();
            for (Uuid topicId : topics) assignLeftOverPartitions(topicId);
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Uuid topicId : topics) moved |= balance(topicId);
            }
            return assignment;
        }

        private void keepCurrentTargets() {
            for (MemberSubscription member : spec.members()) {
                for (TopicIdPartition partition : member.targetPartitions()) {
                    Integer partitionCount = spec.partitionCounts().get(partition.topicId());
                    boolean exists = partitionCount != null && partition.partitionId() < partitionCount;
                    if (exists
                            && member.subscribedTopicIds().contains(partition.topicId())
                            && !owners.containsKey(partition)) {
                        give(partition, member.memberId());
                    }
                }
            }
        }

        /** Most partitions per subscriber first, then fewer subscribers first, then by topic id. */
        private List<Uuid> topicsInKafkaOrder() {
            List<Uuid> topics = new ArrayList<>(subscribers.keySet());
            topics.sort(Comparator.comparingDouble(
                            (Uuid id) -> -(double) spec.partitionCounts().get(id)
                                    / subscribers.get(id).size())
                    .thenComparingInt(id -> subscribers.get(id).size())
                    .thenComparing(id -> id));
            return topics;
        }

        private void assignLeftOverPartitions(Uuid topicId) {
            for (int partitionId = 0; partitionId < spec.partitionCounts().get(topicId); partitionId++) {
                TopicIdPartition partition = new TopicIdPartition(topicId, partitionId);
                if (!owners.containsKey(partition)) give(partition, leastLoaded(subscribers.get(topicId)));
            }
        }

        /** Moves partitions of {@code topicId} from its most to its least loaded subscribers; true if any moved. */
        private boolean balance(Uuid topicId) {
            List<String> candidates = subscribers.get(topicId);
            boolean moved = false;
            while (candidates.size() > 1) {
                String least = leastLoaded(candidates);
                String most = null;
                for (String memberId : candidates) {
                    if (!partitionsOf(memberId, topicId).isEmpty() && (most == null || load(memberId) > load(most))) {
                        most = memberId;
                    }
                }
                if (most == null || load(most) - load(least) <= 1) break;
                TopicIdPartition partition = partitionsOf(most, topicId).last();
                assignment.get(most).remove(partition);
                give(partition, least);
                moved = true;
            }
            return moved;
        }

        private SortedSet<TopicIdPartition> partitionsOf(String memberId, Uuid topicId) {
            return assignment
                    .get(memberId)
                    .subSet(new TopicIdPartition(topicId, 0), new TopicIdPartition(topicId, Integer.MAX_VALUE));
        }

        private String leastLoaded(List<String> memberIds) {
            String least = memberIds.get(0);
            for (String memberId : memberIds) {
                if (load(memberId) < load(least)) least = memberId;
            }
            return least;
        }

        private int load(String memberId) {
            return assignment.get(memberId).size();
        }

        private void give(TopicIdPartition partition, String memberId) {
            assignment.get(memberId).add(partition);
            owners.put(partition, memberId);
        }
    }
}
