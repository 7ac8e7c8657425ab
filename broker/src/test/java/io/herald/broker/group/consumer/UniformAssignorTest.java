package io.herald.broker.group.consumer;

import static io.herald.broker.group.consumer.AssignorSpecs.topic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class UniformAssignorTest {
    private static final Uuid T1 = topic(1);
    private static final Uuid T2 = topic(2);

    private final UniformAssignor assignor = new UniformAssignor();

    private static List<Integer> loads(Map<String, SortedSet<TopicIdPartition>> assignment) {
        return assignment.values().stream().map(SortedSet::size).sorted().toList();
    }

    /** How many partitions have a different owner in {@code after} than in {@code before}. */
    private static long moved(
            Map<String, SortedSet<TopicIdPartition>> before, Map<String, SortedSet<TopicIdPartition>> after) {
        Map<TopicIdPartition, String> owners = new TreeMap<>();
        before.forEach((member, partitions) -> partitions.forEach(p -> owners.put(p, member)));
        return after.entrySet().stream()
                .flatMap(e -> e.getValue().stream()
                        .filter(p -> owners.containsKey(p) && !owners.get(p).equals(e.getKey())))
                .count();
    }

    private AssignorSpecs threeMembersOnTwoTopics() {
        return new AssignorSpecs()
                .topicWithPartitions(T1, 5)
                .topicWithPartitions(T2, 4)
                .member("a", Set.of(T1, T2))
                .member("b", Set.of(T1, T2))
                .member("c", Set.of(T1, T2));
    }

    @Test
    void membersWithTheSameSubscriptionDifferByAtMostOnePartition() {
        ServerAssignor.GroupSpec spec = threeMembersOnTwoTopics().spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(AssignorSpecs.problem(spec, assignment)).isNull();
        assertThat(loads(assignment)).containsExactly(3, 3, 3);
    }

    @Test
    void balancedTargetIsKeptAsItIs() {
        Map<String, SortedSet<TopicIdPartition>> first =
                assignor.assign(threeMembersOnTwoTopics().spec());

        Map<String, SortedSet<TopicIdPartition>> second =
                assignor.assign(threeMembersOnTwoTopics().withTargets(first).spec());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void joiningMemberTakesOnlyItsShareFromTheOthers() {
        Map<String, SortedSet<TopicIdPartition>> before =
                assignor.assign(threeMembersOnTwoTopics().spec());
        AssignorSpecs withD =
                threeMembersOnTwoTopics().member("d", Set.of(T1, T2)).withTargets(before);

        Map<String, SortedSet<TopicIdPartition>> after = assignor.assign(withD.spec());

        assertThat(loads(after)).containsExactly(2, 2, 2, 3);
        assertThat(moved(before, after)).isEqualTo(after.get("d").size());
        for (String member : List.of("a", "b", "c"))
            assertThat(before.get(member)).containsAll(after.get(member));
    }

    @Test
    void leavingMembersPartitionsGoToTheOthersWhoKeepTheirOwn() {
        Map<String, SortedSet<TopicIdPartition>> before =
                assignor.assign(threeMembersOnTwoTopics().spec());
        AssignorSpecs withoutC = new AssignorSpecs()
                .topicWithPartitions(T1, 5)
                .topicWithPartitions(T2, 4)
                .member("a", Set.of(T1, T2))
                .member("b", Set.of(T1, T2))
                .withTargets(before);

        Map<String, SortedSet<TopicIdPartition>> after = assignor.assign(withoutC.spec());

        assertThat(loads(after)).containsExactly(4, 5);
        assertThat(after.get("a")).containsAll(before.get("a"));
        assertThat(after.get("b")).containsAll(before.get("b"));
    }

    @Test
    void membersWithDifferentSubscriptionsGetOnlyTheirTopicsAndStayBalanced() {
        ServerAssignor.GroupSpec spec = new AssignorSpecs()
                .topicWithPartitions(T1, 4)
                .topicWithPartitions(T2, 4)
                .member("a", Set.of(T1))
                .member("b", Set.of(T1, T2))
                .member("c", Set.of(T2))
                .spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(AssignorSpecs.problem(spec, assignment)).isNull();
        assertThat(loads(assignment)).containsExactly(2, 3, 3);
    }

    @Test
    void partitionsOfADroppedTopicLeaveTheTarget() {
        Map<String, SortedSet<TopicIdPartition>> before =
                assignor.assign(threeMembersOnTwoTopics().spec());
        AssignorSpecs onlyT2 = new AssignorSpecs()
                .topicWithPartitions(T2, 4)
                .member("a", Set.of(T2))
                .member("b", Set.of(T2))
                .member("c", Set.of(T2))
                .withTargets(before);

        Map<String, SortedSet<TopicIdPartition>> after = assignor.assign(onlyT2.spec());

        assertThat(AssignorSpecs.problem(onlyT2.spec(), after)).isNull();
        assertThat(after.values().stream().flatMap(SortedSet::stream))
                .allMatch(p -> p.topicId().equals(T2));
    }

    @Test
    void memberSubscribedToNothingGetsNothing() {
        ServerAssignor.GroupSpec spec = new AssignorSpecs()
                .topicWithPartitions(T1, 2)
                .member("a", Set.of(T1))
                .member("b", Set.of())
                .spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(assignment.get("b")).isEmpty();
        assertThat(assignment.get("a")).hasSize(2);
    }
}
