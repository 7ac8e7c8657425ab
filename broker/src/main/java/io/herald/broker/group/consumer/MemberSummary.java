package io.herald.broker.group.consumer;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * One member of a consumer group, as ListGroups, DescribeGroups and the offset APIs need it.
 *
 * @param instanceId {@code group.instance.id}, or null for a dynamic member
 * @param subscribedTopicNames the topics it subscribes to: its topic names and, with a regex, the topics that matched
 *     at its group's last heartbeat
 * @param assignedPartitions the partitions it was told it owns (not those it is still revoking), by topic name; topics
 *     that no longer exist are left out
 */
public record MemberSummary(
        String memberId,
        String instanceId,
        String clientId,
        String clientHost,
        List<String> subscribedTopicNames,
        List<TopicPartition> assignedPartitions) {

    public MemberSummary {
        subscribedTopicNames = List.copyOf(subscribedTopicNames);
        assignedPartitions = List.copyOf(assignedPartitions);
    }
}
