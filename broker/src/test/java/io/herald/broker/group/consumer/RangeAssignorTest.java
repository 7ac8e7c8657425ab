package io.herald.broker.group.consumer;

import static io.herald.broker.group.consumer.AssignorSpecs.topic;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {
    private static final Uuid T1 = topic(1);
    private static final Uuid T2 = topic(2);

    private final RangeAssignor assignor = new RangeAssignor();

    private static TopicIdPartition p(Uuid topic, int partition) {
        return new TopicIdPartition(topic, partition);
    }

    @Test
    void membersGetTheSamePartitionNumbersOfEveryTopic() {
        ServerAssignor.GroupSpec spec = new AssignorSpecs()
                .topicWithPartitions(T1, 3)
                .topicWithPartitions(T2, 3)
                .member("m0", Set.of(T1, T2))
                .member("m1", Set.of(T1, T2))
                .spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(assignment.get("m0")).containsExactly(p(T1, 0), p(T1, 1), p(T2, 0), p(T2, 1));
        assertThat(assignment.get("m1")).containsExactly(p(T1, 2), p(T2, 2));
    }

    @Test
    void staticMembersComeFirstInInstanceIdOrder() {
        ServerAssignor.GroupSpec spec = new AssignorSpecs()
                .topicWithPartitions(T1, 3)
                .member("a-dynamic", null, Set.of(T1), Set.of())
                .member("z", "instance-2", Set.of(T1), Set.of())
                .member("y", "instance-1", Set.of(T1), Set.of())
                .spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(assignment.get("y")).containsExactly(p(T1, 0));
        assertThat(assignment.get("z")).containsExactly(p(T1, 1));
        assertThat(assignment.get("a-dynamic")).containsExactly(p(T1, 2));
    }

    @Test
    void eachTopicIsSplitAmongItsOwnSubscribers() {
        ServerAssignor.GroupSpec spec = new AssignorSpecs()
                .topicWithPartitions(T1, 4)
                .topicWithPartitions(T2, 2)
                .member("a", Set.of(T1))
                .member("b", Set.of(T1, T2))
                .spec();

        Map<String, SortedSet<TopicIdPartition>> assignment = assignor.assign(spec);

        assertThat(AssignorSpecs.problem(spec, assignment)).isNull();
        assertThat(assignment.get("a")).containsExactly(p(T1, 0), p(T1, 1));
        assertThat(assignment.get("b")).containsExactly(p(T1, 2), p(T1, 3), p(T2, 0), p(T2, 1));
    }
}
