package io.herald.broker.group.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The members of one group by member id, with two indexes kept in step: static members by instance id, and the owner
 * of every partition a member owns (assigned or pending revocation). The owner index is what stops a partition from
 * being given to a second member before the first has released it; {@link #put} refuses, with an
 * {@link IllegalStateException}, any change that would make two members own one partition.
 *
 * <p>Not thread-safe: owned by its {@link ConsumerGroup}.
 */
final class GroupMembers {
    private final SortedMap<String, ConsumerGroupMember> byMemberId = new TreeMap<>();
    private final Map<String, String> memberIdByInstanceId = new HashMap<>();
    private final Map<TopicIdPartition, String> ownerByPartition = new HashMap<>();

    ConsumerGroupMember get(String memberId) {
        return byMemberId.get(memberId);
    }

    boolean contains(String memberId) {
        return byMemberId.containsKey(memberId);
    }

    /** The static member with {@code instanceId}, or null (also for a null instance id). */
    ConsumerGroupMember staticMember(String instanceId) {
        String memberId = instanceId == null ? null : memberIdByInstanceId.get(instanceId);
        return memberId == null ? null : byMemberId.get(memberId);
    }

    /** The id of the member that owns {@code partition}, or null when it is free. */
    String owner(TopicIdPartition partition) {
        return ownerByPartition.get(partition);
    }

    /** Adds {@code member} or replaces the member with its id. */
    void put(ConsumerGroupMember member) {
        for (TopicIdPartition partition : member.assignment().ownedPartitions()) {
            String owner = ownerByPartition.get(partition);
            if (owner != null && !owner.equals(member.memberId())) {
                throw new IllegalStateException("partition " + partition + " is still owned by member " + owner
                        + " and cannot be given to member " + member.memberId());
            }
        }
        remove(member.memberId());
        byMemberId.put(member.memberId(), member);
        if (member.instanceId() != null) memberIdByInstanceId.put(member.instanceId(), member.memberId());
        member.assignment().ownedPartitions().forEach(partition -> ownerByPartition.put(partition, member.memberId()));
    }

    void remove(String memberId) {
        ConsumerGroupMember member = byMemberId.remove(memberId);
        if (member == null) return;
        if (member.instanceId() != null) memberIdByInstanceId.remove(member.instanceId(), memberId);
        member.assignment().ownedPartitions().forEach(partition -> ownerByPartition.remove(partition, memberId));
    }

    /**
     * The assignor the members ask for most often, ties going to the one first in {@code assignors} (the configured
     * ones, default first); the default when no member asks for one.
     */
    String preferredAssignor(List<String> assignors) {
        Map<String, Integer> requests = new HashMap<>();
        for (ConsumerGroupMember member : byMemberId.values()) {
            String name = member.metadata().serverAssignorName();
            if (name != null) requests.merge(name, 1, Integer::sum);
        }
        String preferred = assignors.getFirst();
        int mostRequests = 0;
        for (String name : assignors) {
            int count = requests.getOrDefault(name, 0);
            if (count > mostRequests) {
                preferred = name;
                mostRequests = count;
            }
        }
        return preferred;
    }

    /** All members, by member id. */
    Collection<ConsumerGroupMember> all() {
        return byMemberId.values();
    }

    int size() {
        return byMemberId.size();
    }

    boolean isEmpty() {
        return byMemberId.isEmpty();
    }
}
