package io.herald.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.group.consumer.ConsumerGroupConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The classic protocol under random clients: joins (new, with the id handed out, static), syncs (the leader with an
 * assignment for every member it was given), heartbeats, leaves and time passing, in any order. Whatever happened,
 * the generation never goes back, no answer stays parked once the deadlines have passed, and members that stop
 * talking are all gone after their session timeout, leaving the group Empty.
 */
class ClassicGroupPropertiesTest {
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 20_000;

    sealed interface Step {}

    record Join(int client, boolean withKnownId, boolean isStatic) implements Step {}

    record Sync(int client) implements Step {}

    record Heartbeat(int client) implements Step {}

    record Leave(int client) implements Step {}

    record Advance(int ms) implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> client = Arbitraries.integers().between(0, 3);
        Arbitrary<Step> join = Combinators.combine(client, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Join::new);
        Arbitrary<Step> sync = client.map(Sync::new);
        Arbitrary<Step> heartbeat = client.map(Heartbeat::new);
        Arbitrary<Step> leave = client.map(Leave::new);
        Arbitrary<Step> advance = Arbitraries.integers().between(0, 25_000).map(Advance::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, join),
                        net.jqwik.api.Tuple.of(3, sync),
                        net.jqwik.api.Tuple.of(2, heartbeat),
                        net.jqwik.api.Tuple.of(1, leave),
                        net.jqwik.api.Tuple.of(3, advance))
                .list()
                .ofMaxSize(60);
    }

    @Property(tries = 300)
    void noAnswerStaysParkedAndSilentMembersAreAllRemoved(@ForAll("steps") List<Step> steps) {
        ManualGroupTimer timer = new ManualGroupTimer();
        Map<String, ClassicGroup> groups = new HashMap<>();
        ClassicGroupCoordinator coordinator = new ClassicGroupCoordinator(
                groups,
                new GroupConfig(
                        3_000, 6_000, 1_800_000, 100, 1, 1 << 20, 60_000, 60_000, 4096, ConsumerGroupConfig.DEFAULT),
                timer,
                timer.clock(),
                new ReentrantLock());
        Client[] clients = {new Client(), new Client(), new Client(), new Client()};
        List<CompletableFuture<?>> answers = new ArrayList<>();
        int lastGeneration = 0;

        for (Step step : steps) {
            switch (step) {
                case Join j -> answers.add(clients[j.client].join(coordinator, j));
                case Sync s -> answers.add(clients[s.client].sync(coordinator));
                case Heartbeat h -> clients[h.client].heartbeat(coordinator);
                case Leave l -> clients[l.client].leave(coordinator);
                case Advance a -> timer.advance(a.ms);
            }
            for (Client c : clients) c.learn();
            ClassicGroup group = groups.get("g");
            if (group != null) {
                assertThat(group.generationId()).isGreaterThanOrEqualTo(lastGeneration);
                lastGeneration = group.generationId();
            }
        }

        // Nobody talks any more: every deadline passes (the new-member join timeout is the longest).
        for (int i = 0; i < 20; i++) timer.advance(60_000);

        assertThat(answers).allSatisfy(answer -> assertThat(answer).isDone());
        ClassicGroup group = groups.get("g");
        if (group != null) {
            assertThat(group.state()).isEqualTo(ClassicGroupState.EMPTY);
            assertThat(group.members()).isEmpty();
        }
    }

    /** One client's view: the member id it holds, and its last join answer (generation, leader, members). */
    private static final class Client {
        private final String instanceId = "instance-" + System.identityHashCode(this);
        private String memberId = "";
        private boolean isStatic;
        private CompletableFuture<JoinGroupResponseData> lastJoin;
        private JoinGroupResponseData joined;

        CompletableFuture<JoinGroupResponseData> join(ClassicGroupCoordinator coordinator, Join step) {
            if (!step.withKnownId) memberId = "";
            isStatic = step.isStatic && memberId.isEmpty() || isStatic;
            JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
            protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1}));
            CompletableFuture<JoinGroupResponseData> answer = coordinator.join(
                    "c",
                    "/h",
                    (short) 9,
                    new JoinGroupRequestData()
                            .setGroupId("g")
                            .setMemberId(memberId)
                            .setGroupInstanceId(isStatic ? instanceId : null)
                            .setProtocolType("consumer")
                            .setSessionTimeoutMs(SESSION_MS)
                            .setRebalanceTimeoutMs(REBALANCE_MS)
                            .setProtocols(protocols));
            lastJoin = answer;
            learn();
            return answer;
        }

        /** Takes in a join answer that has come. */
        void learn() {
            if (lastJoin == null || !lastJoin.isDone()) return;
            JoinGroupResponseData response = lastJoin.join();
            lastJoin = null;
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.MEMBER_ID_REQUIRED || error == Errors.NONE) memberId = response.memberId();
            if (error == Errors.NONE) joined = response;
            if (error == Errors.UNKNOWN_MEMBER_ID || error == Errors.FENCED_INSTANCE_ID) memberId = "";
        }

        CompletableFuture<SyncGroupResponseData> sync(ClassicGroupCoordinator coordinator) {
            if (joined == null) return CompletableFuture.completedFuture(null);
            List<SyncGroupRequestAssignment> assignments = new ArrayList<>();
            if (joined.leader().equals(joined.memberId())) {
                joined.members()
                        .forEach(m -> assignments.add(new SyncGroupRequestAssignment()
                                .setMemberId(m.memberId())
                                .setAssignment(new byte[] {(byte) joined.generationId()})));
            }
            return coordinator.sync(new SyncGroupRequestData()
                    .setGroupId("g")
                    .setMemberId(joined.memberId())
                    .setGroupInstanceId(isStatic ? instanceId : null)
                    .setGenerationId(joined.generationId())
                    .setProtocolType("consumer")
                    .setProtocolName("range")
                    .setAssignments(assignments));
        }

        void heartbeat(ClassicGroupCoordinator coordinator) {
            if (joined == null) return;
            coordinator.heartbeat(new HeartbeatRequestData()
                    .setGroupId("g")
                    .setMemberId(joined.memberId())
                    .setGroupInstanceId(isStatic ? instanceId : null)
                    .setGenerationId(joined.generationId()));
        }

        void leave(ClassicGroupCoordinator coordinator) {
            if (memberId.isEmpty()) return;
            coordinator.leave(new LeaveGroupRequestData()
                    .setGroupId("g")
                    .setMembers(List.of(new MemberIdentity()
                            .setMemberId(memberId)
                            .setGroupInstanceId(isStatic ? instanceId : null))));
        }
    }
}
