package io.herald.broker.group;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group: who it is, the protocols it offered (in its order of preference, with their opaque
 * metadata), the assignment the leader gave it, and the JoinGroup or SyncGroup answer it is waiting for.
 *
 * <p>Thread-safety: owned by its {@link ClassicGroup}, changed under the coordinator's lock.
 */
final class ClassicMember {
    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private Map<String, byte[]> protocols;
    private byte[] assignment = new byte[0];
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private boolean isNew;

    ClassicMember(
            String memberId,
            String groupInstanceId,
            String clientId,
            String clientHost,
            String protocolType,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            JoinGroupRequestProtocolCollection protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.protocolType = protocolType;
        update(protocols, rebalanceTimeoutMs, sessionTimeoutMs);
    }

    /** Copies this member under another member id: a static member restarted with a new id. */
    ClassicMember withMemberId(String newMemberId) {
        ClassicMember copy = new ClassicMember(
                newMemberId,
                groupInstanceId,
                clientId,
                clientHost,
                protocolType,
                rebalanceTimeoutMs,
                sessionTimeoutMs,
                new JoinGroupRequestProtocolCollection());
        copy.protocols = protocols;
        copy.assignment = assignment;
        return copy;
    }

    void update(JoinGroupRequestProtocolCollection offered, int rebalanceTimeoutMs, int sessionTimeoutMs) {
        Map<String, byte[]> byName = new LinkedHashMap<>();
        for (JoinGroupRequestProtocol p : offered) byName.put(p.name(), p.metadata());
        this.protocols = byName;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** True when {@code offered} are the protocols and metadata this member offered before. */
    boolean matches(JoinGroupRequestProtocolCollection offered) {
        if (offered.size() != protocols.size()) return false;
        var it = protocols.entrySet().iterator();
        for (JoinGroupRequestProtocol p : offered) {
            Map.Entry<String, byte[]> mine = it.next();
            if (!mine.getKey().equals(p.name()) || !Arrays.equals(mine.getValue(), p.metadata())) return false;
        }
        return true;
    }

    /** This member's most preferred protocol among {@code candidates}. */
    String vote(Set<String> candidates) {
        for (String name : protocols.keySet()) {
            if (candidates.contains(name)) return name;
        }
        throw new IllegalStateException("member " + memberId + " supports none of " + candidates);
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    String protocolType() {
        return protocolType;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    Set<String> protocolNames() {
        return protocols.keySet();
    }

    /** The metadata this member sent for {@code protocol}, or an empty array. */
    byte[] metadata(String protocol) {
        byte[] metadata = protocols.get(protocol);
        return metadata == null ? new byte[0] : metadata;
    }

    byte[] assignment() {
        return assignment;
    }

    void setAssignment(byte[] assignment) {
        this.assignment = assignment;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    /**
     * Parks a JoinGroup on {@code future}. A JoinGroup still parked for this member (the client asked again, say after
     * its own timeout) gets the same answer as the new one when it comes: its connection's later responses wait
     * behind it, so it must not stay unanswered.
     */
    void awaitJoin(CompletableFuture<JoinGroupResponseData> future) {
        CompletableFuture<JoinGroupResponseData> superseded = awaitingJoin;
        if (superseded != null && future != null && superseded != future) {
            future.whenComplete((response, failure) -> superseded.complete(response));
        }
        this.awaitingJoin = future;
    }

    /** Answers the member's pending JoinGroup, if any; true when there was one. */
    boolean completeJoin(JoinGroupResponseData response) {
        if (awaitingJoin == null) return false;
        awaitingJoin.complete(response);
        awaitingJoin = null;
        return true;
    }

    /** Parks a SyncGroup on {@code future}; one still parked gets the same answer, as in {@link #awaitJoin}. */
    void awaitSync(CompletableFuture<SyncGroupResponseData> future) {
        CompletableFuture<SyncGroupResponseData> superseded = awaitingSync;
        if (superseded != null && future != null && superseded != future) {
            future.whenComplete((response, failure) -> superseded.complete(response));
        }
        this.awaitingSync = future;
    }

    /** Answers the member's pending SyncGroup, if any; true when there was one. */
    boolean completeSync(SyncGroupResponseData response) {
        if (awaitingSync == null) return false;
        awaitingSync.complete(response);
        awaitingSync = null;
        return true;
    }

    boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    /**
     * True when a missed heartbeat deadline must not remove this member: it waits in a JoinGroup or SyncGroup the
     * coordinator has parked. A new member's first JoinGroup does not count, so a client that went away is dropped.
     */
    boolean hasSatisfiedHeartbeat() {
        return !isNew && (isAwaitingJoin() || isAwaitingSync());
    }

    boolean isNew() {
        return isNew;
    }

    void setNew(boolean isNew) {
        this.isNew = isNew;
    }
}
