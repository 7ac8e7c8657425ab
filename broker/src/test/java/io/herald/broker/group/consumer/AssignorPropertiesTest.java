package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;

/** Both assignors on random groups: always valid; uniform also balanced (same subscriptions) and stable. */
class AssignorPropertiesTest {
    private static final List<ServerAssignor> ASSIGNORS = List.of(new UniformAssignor(), new RangeAssignor());

    /** Member i subscribes to the topics whose bit is set in {@code subscriptions.get(i)}; topic j has {@code partitionCounts.get(j)} partitions. */
    private static AssignorSpecs spec(List<Integer> partitionCounts, List<Integer> subscriptions) {
        AssignorSpecs specs = new AssignorSpecs();
        for (int j = 0; j < partitionCounts.size(); j++)
            specs.topicWithPartitions(AssignorSpecs.topic(j + 1), partitionCounts.get(j));
        for (int i = 0; i < subscriptions.size(); i++) {
            Set<Uuid> topics = new HashSet<>();
            for (int j = 0; j < partitionCounts.size(); j++) {
                if ((subscriptions.get(i) & (1 << j)) != 0) topics.add(AssignorSpecs.topic(j + 1));
            }
            specs.member("m" + i, topics);
        }
        return specs;
    }

    @Provide
    Arbitrary<List<Integer>> partitionCounts() {
        return Arbitraries.integers().between(1, 12).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Integer>> subscriptions() {
        return Arbitraries.integers().between(0, 15).list().ofMinSize(1).ofMaxSize(7);
    }

    @Property(tries = 300)
    void everyAssignmentIsValid(
            @ForAll("partitionCounts") List<Integer> partitionCounts,
            @ForAll("subscriptions") List<Integer> subscriptions) {
        ServerAssignor.GroupSpec spec = spec(partitionCounts, subscriptions).spec();

        for (ServerAssignor assignor : ASSIGNORS) {
            assertThat(AssignorPropertiesTest.problemOf(assignor, spec))
                    .as(assignor.name())
                    .isNull();
        }
    }

    @Property(tries = 300)
    void uniformIsBalancedWhenAllSubscribeToTheSameTopics(
            @ForAll("partitionCounts") List<Integer> partitionCounts,
            @ForAll("subscriptions") List<Integer> subscriptions) {
        List<Integer> same =
                subscriptions.stream().map(s -> subscriptions.getFirst() | 1).toList();
        ServerAssignor.GroupSpec spec = spec(partitionCounts, same).spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = new UniformAssignor().assign(spec);

        List<Integer> loads = assignment.values().stream().map(SortedSet::size).toList();
        assertThat(loads.stream().mapToInt(i -> i).max().orElseThrow()
                        - loads.stream().mapToInt(i -> i).min().orElseThrow())
                .isLessThanOrEqualTo(1);
    }

    @Property(tries = 300)
    void uniformKeepsItsOwnAnswer(
            @ForAll("partitionCounts") List<Integer> partitionCounts,
            @ForAll("subscriptions") List<Integer> subscriptions) {
        UniformAssignor assignor = new UniformAssignor();
        Map<String, SortedSet<TopicIdPartition>> first =
                assignor.assign(spec(partitionCounts, subscriptions).spec());

        Map<String, SortedSet<TopicIdPartition>> second = assignor.assign(
                spec(partitionCounts, subscriptions).withTargets(first).spec());

        assertThat(second).isEqualTo(first);
    }

    private static String problemOf(ServerAssignor assignor, ServerAssignor.GroupSpec spec) {
        return AssignorSpecs.problem(spec, assignor.assign(spec));
    }
}
