package io.herald.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.types.SchemaException;

/**
 * The state of one classic group (JoinGroup/SyncGroup protocol): its members, static member ids, generation, the
 * protocol chosen for the generation and its leader. The rules for moving between states live in {@link
 * ClassicGroupCoordinator}; this class keeps the bookkeeping consistent (protocol votes, member counts).
 *
 * <p>A group with protocol type {@code consumer} is understood a little: the topics its members subscribe to are read
 * from their metadata (kafka-clients' {@link ConsumerProtocol}), for OffsetDelete and retention. Other protocol types
 * (Kafka Connect, Kafka Streams' own) are opaque.
 *
 * <p>Thread-safety: changed only under the coordinator's lock.
 */
final class ClassicGroup {
    private static final String CONSUMER_PROTOCOL_TYPE = ConsumerProtocol.PROTOCOL_TYPE;

    private final String groupId;
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingJoinMembers = new HashSet<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private final Map<String, Integer> protocolVotes = new HashMap<>();
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private ClassicGroupState previousState = ClassicGroupState.EMPTY;
    private long stateTimestampMs;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private long lastMemberAddedMs;
    private Set<String> subscribedTopics;

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    String groupId() {
        return groupId;
    }

    ClassicGroupState state() {
        return state;
    }

    ClassicGroupState previousState() {
        return previousState;
    }

    boolean is(ClassicGroupState s) {
        return state == s;
    }

    /** When the group entered its current state. */
    long stateTimestampMs() {
        return stateTimestampMs;
    }

    void transitionTo(ClassicGroupState next, long nowMs) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot go from " + state + " to " + next);
        }
        previousState = state;
        state = next;
        stateTimestampMs = nowMs;
    }

    boolean canRebalance() {
        return ClassicGroupState.PREPARING_REBALANCE.validPreviousStates().contains(state);
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    /** When the last member joined during the first rebalance of the group (out of Empty). */
    long lastMemberAddedMs() {
        return lastMemberAddedMs;
    }

    void setLastMemberAddedMs(long nowMs) {
        lastMemberAddedMs = nowMs;
    }

    String newMemberId(String clientId, String groupInstanceId) {
        return (groupInstanceId != null ? groupInstanceId : clientId) + "-" + UUID.randomUUID();
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    ClassicMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ClassicMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    void addPendingMember(String memberId) {
        pendingJoinMembers.add(memberId);
    }

    boolean isPendingMember(String memberId) {
        return pendingJoinMembers.contains(memberId);
    }

    void add(ClassicMember member) {
        if (member.isStatic()) staticMembers.put(member.groupInstanceId(), member.memberId());
        if (members.isEmpty()) protocolType = member.protocolType();
        if (leaderId == null) leaderId = member.memberId();
        members.put(member.memberId(), member);
        member.protocolNames().forEach(name -> protocolVotes.merge(name, 1, Integer::sum));
        pendingJoinMembers.remove(member.memberId());
    }

    /** Takes a rejoining member's new protocols and timeouts, and parks its JoinGroup on {@code future}. */
    void updateMember(
            ClassicMember member,
            JoinGroupRequestProtocolCollection offered,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            java.util.concurrent.CompletableFuture<org.apache.kafka.common.message.JoinGroupResponseData> future) {
        member.protocolNames().forEach(name -> protocolVotes.merge(name, -1, Integer::sum));
        member.update(offered, rebalanceTimeoutMs, sessionTimeoutMs);
        member.protocolNames().forEach(name -> protocolVotes.merge(name, 1, Integer::sum));
        member.awaitJoin(future);
    }

    /** Removes a member or a pending member; a new leader is picked when the leader goes. */
    void remove(String memberId) {
        ClassicMember removed = members.remove(memberId);
        if (removed != null) {
            removed.protocolNames().forEach(name -> protocolVotes.merge(name, -1, Integer::sum));
            if (removed.isStatic()) staticMembers.remove(removed.groupInstanceId());
        }
        if (memberId.equals(leaderId))
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        pendingJoinMembers.remove(memberId);
        pendingSyncMembers.remove(memberId);
    }

    /** Gives static member {@code groupInstanceId}'s place, assignment included, to a new member id. */
    ClassicMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicMember old = members.remove(oldMemberId);
        ClassicMember replacement = old.withMemberId(newMemberId);
        // The old id's waiting client is fenced: its JoinGroup or SyncGroup gets FENCED_INSTANCE_ID.
        old.completeJoin(new org.apache.kafka.common.message.JoinGroupResponseData()
                .setMemberId(oldMemberId)
                .setErrorCode(org.apache.kafka.common.protocol.Errors.FENCED_INSTANCE_ID.code()));
        old.completeSync(new org.apache.kafka.common.message.SyncGroupResponseData()
                .setErrorCode(org.apache.kafka.common.protocol.Errors.FENCED_INSTANCE_ID.code()));
        members.put(newMemberId, replacement);
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) leaderId = newMemberId;
        if (pendingSyncMembers.remove(oldMemberId)) pendingSyncMembers.add(newMemberId);
        return replacement;
    }

    /** Throws unless {@code memberId} is a member and, for a static member, the current holder of its instance id. */
    void validateMember(String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String current = staticMembers.get(groupInstanceId);
            if (current == null) {
                throw new UnknownMemberIdException(
                        "instance id " + groupInstanceId + " is not a member of group " + groupId);
            }
            if (!current.equals(memberId)) {
                throw new FencedInstanceIdException("member " + memberId + " of group " + groupId + " was replaced by "
                        + current + " with the same group.instance.id " + groupInstanceId);
            }
        }
        if (!members.containsKey(memberId)) {
            throw new UnknownMemberIdException("member " + memberId + " is not a member of group " + groupId);
        }
    }

    /** True when a member offering {@code offered} under {@code type} may join: it shares a protocol with all. */
    boolean supportsProtocols(String type, JoinGroupRequestProtocolCollection offered) {
        if (state == ClassicGroupState.EMPTY) return !type.isEmpty() && !offered.isEmpty();
        if (!type.equals(protocolType)) return false;
        for (JoinGroupRequestProtocol p : offered) {
            if (protocolVotes.getOrDefault(p.name(), 0) == members.size()) return true;
        }
        return false;
    }

    /** The protocol every member supports that most members prefer. */
    String selectProtocol() {
        Set<String> candidates = new HashSet<>();
        protocolVotes.forEach((name, count) -> {
            if (count == members.size()) candidates.add(name);
        });
        Map<String, Integer> votes = new HashMap<>();
        for (ClassicMember m : members.values()) votes.merge(m.vote(candidates), 1, Integer::sum);
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }

    boolean hasAllMembersJoined() {
        return pendingJoinMembers.isEmpty() && members.values().stream().allMatch(ClassicMember::isAwaitingJoin);
    }

    int awaitingJoinCount() {
        return (int)
                members.values().stream().filter(ClassicMember::isAwaitingJoin).count();
    }

    List<ClassicMember> notYetRejoinedDynamicMembers() {
        List<ClassicMember> missing = new ArrayList<>();
        for (ClassicMember m : members.values()) if (!m.isAwaitingJoin() && !m.isStatic()) missing.add(m);
        return missing;
    }

    /**
     * Makes sure the leader is a member that rejoined, electing another if the leader did not; false when no member
     * rejoined at all.
     */
    boolean electJoinedLeader() {
        if (leaderId == null) return true;
        if (members.get(leaderId).isAwaitingJoin()) return true;
        for (ClassicMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    /** The largest rebalance timeout of the members: how long a rebalance waits for them all. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (ClassicMember m : members.values()) max = Math.max(max, m.rebalanceTimeoutMs());
        return max;
    }

    /** Starts the next generation: CompletingRebalance with the chosen protocol, or Empty when no member is left. */
    void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
        }
        subscribedTopics = computeSubscribedTopics();
        pendingSyncMembers.clear();
    }

    List<JoinGroupResponseMember> joinResponseMembers() {
        List<JoinGroupResponseMember> list = new ArrayList<>();
        for (ClassicMember m : members.values()) {
            list.add(new JoinGroupResponseMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setMetadata(m.metadata(protocolName)));
        }
        return list;
    }

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    void removePendingSyncMember(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return Set.copyOf(pendingSyncMembers);
    }

    void clearPendingSyncMembers() {
        pendingSyncMembers.clear();
    }

    /**
     * The topics the members subscribe to, or null when unknown (not a consumer group, or metadata it cannot read).
     * Recomputed at each generation.
     */
    Set<String> subscribedTopics() {
        return subscribedTopics;
    }

    private Set<String> computeSubscribedTopics() {
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return members.isEmpty() ? Set.of() : null;
        }
        Set<String> topics = new HashSet<>();
        for (ClassicMember m : members.values()) {
            try {
                ConsumerPartitionAssignor.Subscription s =
                        ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(protocolName)));
                topics.addAll(s.topics());
            } catch (SchemaException | IllegalStateException e) {
                return null;
            }
        }
        return topics;
    }
}
