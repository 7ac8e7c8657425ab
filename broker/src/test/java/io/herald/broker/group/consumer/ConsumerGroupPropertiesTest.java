package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random runs of consumers joining, heartbeating (some answers lost), changing subscriptions, leaving (statically or
 * not), coming back and going silent, while topics are created and grow and time passes. After every step no partition
 * may be held by two members at once, counting what a member was told to give up until it reports it has; and once
 * the consumers are left alone, heartbeating every second, every member must reach the group epoch with its target
 * assignment, and the targets must cover every subscribed partition.
 */
class ConsumerGroupPropertiesTest {
    private static final List<String> TOPICS = List.of("t0", "t1", "t2");
    private static final int MAX_CONSUMERS = 6;

    enum Kind {
        JOIN,
        JOIN_STATIC,
        HEARTBEAT,
        HEARTBEAT_LOST,
        LEAVE,
        LEAVE_STATIC,
        RETURN_STATIC,
        SUBSCRIBE,
        ADD_PARTITIONS,
        CREATE_TOPIC,
        WAIT
    }

    /** One step: {@code who} picks a consumer or topic, {@code topics} is a bit set of {@link #TOPICS}. */
    record Step(Kind kind, int who, int topics, long elapsedMs) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(4, Kind.JOIN),
                Tuple.of(2, Kind.JOIN_STATIC),
                Tuple.of(16, Kind.HEARTBEAT),
                Tuple.of(2, Kind.HEARTBEAT_LOST),
                Tuple.of(2, Kind.LEAVE),
                Tuple.of(2, Kind.LEAVE_STATIC),
                Tuple.of(2, Kind.RETURN_STATIC),
                Tuple.of(2, Kind.SUBSCRIBE),
                Tuple.of(1, Kind.ADD_PARTITIONS),
                Tuple.of(1, Kind.CREATE_TOPIC),
                Tuple.of(1, Kind.WAIT));
        Arbitrary<Step> step = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(1, 7),
                        Arbitraries.longs().between(0, 3_000))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 250)
    void membersNeverShareAPartitionAndConvergeOnceLeftAlone(@ForAll("steps") List<Step> steps) {
        World world = new World();
        for (Step step : steps) {
            world.apply(step);
            world.assertNoPartitionHeldTwice(step);
        }
        world.leaveAlone();
    }

    /** The group, the broker's topics, the consumers, and the clock. */
    private static final class World {
        final FakeTopics topics = new FakeTopics();
        final ConsumerGroup group = new ConsumerGroup("g", ConsumerGroupConfig.DEFAULT);
        final List<SimulatedConsumer> consumers = new ArrayList<>();
        final Deque<String> awayInstances = new ArrayDeque<>();
        int nextMember;
        int nextInstance;
        long nowMs = 1_000;

        World() {
            topics.create("t0", 3);
            topics.create("t1", 2);
        }

        void apply(Step step) {
            nowMs += step.kind() == Kind.WAIT ? step.elapsedMs() * 20 : step.elapsedMs();
            expire();
            SimulatedConsumer picked = consumers.isEmpty() ? null : consumers.get(step.who() % consumers.size());
            switch (step.kind()) {
                case JOIN -> join(null, step.topics());
                case JOIN_STATIC -> join("i" + nextInstance++, step.topics());
                case HEARTBEAT -> heartbeat(picked);
                case HEARTBEAT_LOST -> {
                    if (picked != null) picked.heartbeatWithLostResponse(nowMs);
                }
                case LEAVE -> {
                    if (picked != null) {
                        picked.leave(false, nowMs);
                        consumers.remove(picked);
                    }
                }
                case LEAVE_STATIC -> {
                    if (picked != null && picked.instanceId != null) {
                        picked.leave(true, nowMs);
                        consumers.remove(picked);
                        awayInstances.add(picked.instanceId);
                    }
                }
                case RETURN_STATIC -> {
                    if (!awayInstances.isEmpty()) join(awayInstances.poll(), step.topics());
                }
                case SUBSCRIBE -> {
                    if (picked != null) picked.subscribe(topicNames(step.topics()));
                }
                case ADD_PARTITIONS -> {
                    String topic = TOPICS.get(step.who() % TOPICS.size());
                    int count = topics.partitionCount(topic);
                    if (count > 0 && count < 8) topics.setPartitionCount(topic, count + 1);
                }
                case CREATE_TOPIC -> {
                    if (topics.topicId("t2") == null) topics.create("t2", 2);
                }
                case WAIT -> {}
            }
        }

        private void join(String instanceId, int topicBits) {
            if (consumers.size() >= MAX_CONSUMERS) return;
            SimulatedConsumer consumer =
                    new SimulatedConsumer(group, topics, "m" + nextMember++, instanceId, topicNames(topicBits));
            consumers.add(consumer);
            heartbeat(consumer);
        }

        private void heartbeat(SimulatedConsumer consumer) {
            if (consumer == null) return;
            consumer.heartbeat(nowMs);
            if (consumer.isDone()) consumers.remove(consumer);
        }

        /** What the coordinator's timer does; a consumer whose member is gone no longer holds anything. */
        private void expire() {
            group.expire(nowMs);
            for (SimulatedConsumer consumer : consumers) {
                if (group.member(consumer.memberId) == null) consumer.onRemovedFromGroup();
            }
        }

        void assertNoPartitionHeldTwice(Object when) {
            TreeMap<TopicIdPartition, String> holders = new TreeMap<>();
            for (SimulatedConsumer consumer : consumers) {
                for (TopicIdPartition partition : consumer.held()) {
                    String other = holders.put(partition, consumer.memberId);
                    assertThat(other)
                            .as("%s held by %s and %s after %s", partition, other, consumer.memberId, when)
                            .isNull();
                }
            }
        }

        /** Every consumer heartbeats every second (at least once, to send what it changed); members without one expire. */
        void leaveAlone() {
            for (int round = 0; round < 120 && (round == 0 || !converged()); round++) {
                nowMs += 1_000;
                expire();
                for (SimulatedConsumer consumer : List.copyOf(consumers)) heartbeat(consumer);
                assertNoPartitionHeldTwice("round " + round);
            }
            assertThat(group.state()).as("state").isEqualTo(consumers.isEmpty() ? "Empty" : "Stable");
            assertThat(group.members(topics))
                    .extracting(MemberSummary::memberId)
                    .containsExactlyInAnyOrderElementsOf(
                            consumers.stream().map(c -> c.memberId).toList());
            SortedSet<TopicIdPartition> subscribed = new TreeSet<>();
            SortedSet<TopicIdPartition> assigned = new TreeSet<>();
            for (SimulatedConsumer consumer : consumers) {
                assertThat(consumer.memberEpoch())
                        .as("epoch of %s", consumer.memberId)
                        .isEqualTo(group.groupEpoch());
                assertThat(consumer.held())
                        .as("partitions of %s", consumer.memberId)
                        .isEqualTo(group.targetAssignment(consumer.memberId));
                subscribed.addAll(topics.allPartitions(consumer.subscription()));
                assigned.addAll(consumer.held());
            }
            assertThat(assigned).isEqualTo(subscribed);
        }

        private boolean converged() {
            String settled = consumers.isEmpty() ? "Empty" : "Stable";
            if (!group.state().equals(settled) || group.members(topics).size() != consumers.size()) return false;
            for (SimulatedConsumer consumer : consumers) {
                if (consumer.memberEpoch() != group.groupEpoch()
                        || !consumer.held().equals(group.targetAssignment(consumer.memberId))) {
                    return false;
                }
            }
            return true;
        }

        private static List<String> topicNames(int bits) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < TOPICS.size(); i++) {
                if ((bits & (1 << i)) != 0) names.add(TOPICS.get(i));
            }
            return names;
        }
    }
}
