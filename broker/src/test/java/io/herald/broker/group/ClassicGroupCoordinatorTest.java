package io.herald.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.group.consumer.ConsumerGroupConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The classic protocol's rules, stepped with a manual timer: no real time passes in these tests. Answers that must
 * have come are read with {@link #done}, which fails instead of waiting.
 */
@Timeout(10)
class ClassicGroupCoordinatorTest {
    private static final short VERSION = 9;
    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;

    private final ManualGroupTimer timer = new ManualGroupTimer();
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final ClassicGroupCoordinator coordinator = new ClassicGroupCoordinator(
            groups,
            new GroupConfig(3_000, 6_000, 1_800_000, 10, 1, 1 << 20, 60_000, 60_000, 4096, ConsumerGroupConfig.DEFAULT),
            timer,
            timer.clock(),
            new ReentrantLock());

    @Test
    void aFirstJoinWithoutMemberIdIsAskedToRejoinWithOne() {
        JoinGroupResponseData response = done(coordinator.join("c", "/127.0.0.1", VERSION, join("")));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(response.memberId()).startsWith("c-");
    }

    @Test
    void theFirstRebalanceWaitsUntilNoMemberCameForTheInitialDelayThenGivesTheLeaderEveryMember() {
        CompletableFuture<JoinGroupResponseData> first = joinWithId("a");
        timer.advance(1_000);
        CompletableFuture<JoinGroupResponseData> second = joinWithId("b");

        timer.advance(2_000);
        assertThat(first).as("b came 1 s in: the wait runs until 3 s after b").isNotDone();
        timer.advance(1_000);

        JoinGroupResponseData leader = done(first).leader().equals(done(first).memberId()) ? done(first) : done(second);
        JoinGroupResponseData follower = leader == done(first) ? done(second) : done(first);
        assertThat(leader.generationId()).isEqualTo(1);
        assertThat(leader.protocolName()).isEqualTo("range");
        assertThat(leader.members()).hasSize(2);
        assertThat(follower.members()).isEmpty();
    }

    @Test
    void followersSyncWaitsForTheLeadersAssignment() {
        List<JoinGroupResponseData> joined = stableTwoMembers();
        JoinGroupResponseData leader = joined.get(0);
        JoinGroupResponseData follower = joined.get(1);

        CompletableFuture<SyncGroupResponseData> followerSync = coordinator.sync(sync(follower, Map.of()));
        assertThat(followerSync).isNotDone();
        coordinator.sync(sync(leader, Map.of(follower.memberId(), new byte[] {7})));

        assertThat(done(followerSync).assignment()).containsExactly(7);
        assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.STABLE);
    }

    @Test
    void heartbeatsTellMembersOfARebalanceAndOfAWrongGeneration() {
        List<JoinGroupResponseData> joined = stableTwoMembers();
        syncAll(joined);
        JoinGroupResponseData member = joined.get(1);

        assertThat(coordinator.heartbeat(heartbeat(member, member.generationId())))
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.heartbeat(heartbeat(member, member.generationId() - 1)))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        coordinator.join("c", "/h", VERSION, join(joined.get(0).memberId())); // the leader rejoins
        assertThat(coordinator.heartbeat(heartbeat(member, member.generationId())))
                .isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedAndTheOthersRebalance() {
        List<JoinGroupResponseData> joined = stableTwoMembers();
        syncAll(joined);
        JoinGroupResponseData survivor = joined.get(0);

        for (int i = 0; i < 3; i++) {
            timer.advance(SESSION_MS / 2);
            coordinator.heartbeat(heartbeat(survivor, survivor.generationId()));
        }

        assertThat(groups.get("g").hasMember(joined.get(1).memberId())).isFalse();
        assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
    }

    @Test
    void aRestartedStaticMemberFencesItsOldIdWithoutARebalance() {
        JoinGroupResponseData old = joinStatic("", "instance-1");
        timer.advance(3_000);
        assertThat(old.errorCode()).isZero();
        coordinator.sync(sync(old, Map.of(old.memberId(), new byte[] {1})));
        int generation = groups.get("g").generationId();

        JoinGroupResponseData restarted = joinStatic("", "instance-1");

        assertThat(restarted.memberId()).isNotEqualTo(old.memberId());
        assertThat(restarted.generationId()).isEqualTo(generation);
        assertThat(restarted.leader()).isEqualTo(restarted.memberId());
        assertThat(restarted.skipAssignment())
                .as("a restarted leader must not assign again")
                .isTrue();
        assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.STABLE);
        HeartbeatRequestData oldHeartbeat = heartbeat(old, generation).setGroupInstanceId("instance-1");
        assertThat(coordinator.heartbeat(oldHeartbeat)).isEqualTo(Errors.FENCED_INSTANCE_ID);
    }

    @Test
    void aRestartedStaticLeaderOnAnOldVersionIsNamedTheOldLeaderSoItActsAsAFollower() {
        JoinGroupResponseData old = joinStatic("", "instance-1");
        coordinator.sync(sync(old, Map.of(old.memberId(), new byte[] {1})));

        JoinGroupResponseData restarted =
                done(coordinator.join("c", "/h", (short) 8, join("").setGroupInstanceId("instance-1")));

        assertThat(restarted.leader()).isEqualTo(old.memberId());
        assertThat(restarted.members()).isEmpty();
        assertThat(done(coordinator.sync(sync(restarted, Map.of()))).assignment())
                .containsExactly(1);
    }

    @Test
    void whenTheLastMemberLeavesTheGroupIsEmpty() {
        CompletableFuture<JoinGroupResponseData> joining = joinWithId("a");
        timer.advance(3_000);
        JoinGroupResponseData only = done(joining);
        syncAll(List.of(only));

        coordinator.leave(new LeaveGroupRequestData()
                .setGroupId("g")
                .setMembers(List.of(new MemberIdentity().setMemberId(only.memberId()))));

        assertThat(groups.get("g").state()).isEqualTo(ClassicGroupState.EMPTY);
        assertThat(groups.get("g").generationId()).isEqualTo(2);
    }

    @Test
    void aPendingMemberThatNeverRejoinsIsForgotten() {
        JoinGroupResponseData response = done(coordinator.join("c", "/h", VERSION, join("")));

        timer.advance(SESSION_MS);

        assertThat(groups.get("g").isPendingMember(response.memberId())).isFalse();
    }

    @Test
    void aSessionTimeoutOutsideTheBrokersBoundsIsRefused() {
        JoinGroupResponseData response =
                done(coordinator.join("c", "/h", VERSION, join("").setSessionTimeoutMs(1_000)));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    private List<JoinGroupResponseData> stableTwoMembers() {
        CompletableFuture<JoinGroupResponseData> a = joinWithId("a");
        CompletableFuture<JoinGroupResponseData> b = joinWithId("b");
        timer.advance(6_000);
        JoinGroupResponseData first = done(a);
        JoinGroupResponseData second = done(b);
        return first.memberId().equals(first.leader()) ? List.of(first, second) : List.of(second, first);
    }

    private void syncAll(List<JoinGroupResponseData> joined) {
        for (int i = joined.size() - 1; i >= 0; i--) coordinator.sync(sync(joined.get(i), Map.of()));
    }

    private CompletableFuture<JoinGroupResponseData> joinWithId(String clientId) {
        String id = done(coordinator.join(clientId, "/h", VERSION, join(""))).memberId();
        return coordinator.join(clientId, "/h", VERSION, join(id));
    }

    /** A static member's join, answered at once or after the initial delay of an empty group. */
    private JoinGroupResponseData joinStatic(String memberId, String instanceId) {
        CompletableFuture<JoinGroupResponseData> f =
                coordinator.join("c", "/h", VERSION, join(memberId).setGroupInstanceId(instanceId));
        if (!f.isDone()) timer.advance(3_000);
        return done(f);
    }

    private static <T> T done(CompletableFuture<T> future) {
        assertThat(future).as("an answer that should have come").isDone();
        return future.join();
    }

    private static JoinGroupRequestData join(String memberId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1}));
        return new JoinGroupRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setProtocolType("consumer")
                .setSessionTimeoutMs(SESSION_MS)
                .setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocols(protocols);
    }

    private static SyncGroupRequestData sync(JoinGroupResponseData joined, Map<String, byte[]> assignments) {
        return new SyncGroupRequestData()
                .setGroupId("g")
                .setMemberId(joined.memberId())
                .setGenerationId(joined.generationId())
                .setProtocolType("consumer")
                .setProtocolName("range")
                .setAssignments(assignments.entrySet().stream()
                        .map(e -> new SyncGroupRequestAssignment()
                                .setMemberId(e.getKey())
                                .setAssignment(e.getValue()))
                        .toList());
    }

    private static HeartbeatRequestData heartbeat(JoinGroupResponseData joined, int generation) {
        return new HeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(joined.memberId())
                .setGenerationId(generation);
    }
}
