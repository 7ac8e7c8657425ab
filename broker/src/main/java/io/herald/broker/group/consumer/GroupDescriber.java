package io.herald.broker.group.consumer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.utils.Utils;

/**
 * A {@link ConsumerGroup} as the describing APIs see it. For ConsumerGroupDescribe (v0-1), field for field as Kafka
 * fills it: members by member id, each with its current assignment (assigned and pending revocation) and its target
 * assignment by topic id and name, and member type 1 (consumer protocol). For ListGroups, DescribeGroups and the offset
 * APIs, {@link MemberSummary}s.
 *
 * <p>Differs from Kafka: there is no authorizer, so when the client asks for them every operation on a group (Kafka's
 * list: READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS) is reported as allowed.
 */
final class GroupDescriber {
    private static final Set<AclOperation> GROUP_OPERATIONS = EnumSet.of(
            AclOperation.READ,
            AclOperation.DESCRIBE,
            AclOperation.DELETE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.ALTER_CONFIGS);

    /** ConsumerGroupDescribe's MemberType of a member using the consumer protocol. */
    private static final byte CONSUMER_MEMBER_TYPE = 1;

    private GroupDescriber() {}

    static ConsumerGroupDescribeResponseData.DescribedGroup describe(
            ConsumerGroup group, TopicView topics, boolean includeAuthorizedOperations) {
        ConsumerGroupDescribeResponseData.DescribedGroup described =
                new ConsumerGroupDescribeResponseData.DescribedGroup()
                        .setGroupId(group.groupId())
                        .setGroupState(group.state())
                        .setGroupEpoch(group.groupEpoch())
                        .setAssignmentEpoch(group.assignmentEpoch())
                        .setAssignorName(group.preferredAssignor());
        for (ConsumerGroupMember member : group.groupMembers().all()) {
            described.members().add(describe(group, member, topics));
        }
        if (includeAuthorizedOperations) {
            described.setAuthorizedOperations(Utils.to32BitField(
                    GROUP_OPERATIONS.stream().map(AclOperation::code).collect(Collectors.toSet())));
        }
        return described;
    }

    /** Each member as {@link MemberSummary}, by member id. */
    static List<MemberSummary> summaries(ConsumerGroup group, TopicView topics) {
        List<MemberSummary> summaries = new ArrayList<>();
        for (ConsumerGroupMember member : group.groupMembers().all()) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (TopicIdPartition partition :
                    member.assignment().assignedPartitions().keySet()) {
                String topic = topics.topicName(partition.topicId());
                if (topic != null) assigned.add(new TopicPartition(topic, partition.partitionId()));
            }
            MemberMetadata metadata = member.metadata();
            summaries.add(new MemberSummary(
                    member.memberId(),
                    metadata.instanceId(),
                    metadata.clientId(),
                    metadata.clientHost(),
                    List.copyOf(group.subscribedTopicNames(member)),
                    assigned));
        }
        return summaries;
    }

    private static ConsumerGroupDescribeResponseData.Member describe(
            ConsumerGroup group, ConsumerGroupMember member, TopicView topics) {
        MemberMetadata metadata = member.metadata();
        return new ConsumerGroupDescribeResponseData.Member()
                .setMemberId(member.memberId())
                .setInstanceId(metadata.instanceId())
                .setRackId(metadata.rackId())
                .setMemberEpoch(member.memberEpoch())
                .setClientId(metadata.clientId())
                .setClientHost(metadata.clientHost())
                .setSubscribedTopicNames(new ArrayList<>(metadata.subscribedTopicNames()))
                .setSubscribedTopicRegex(metadata.subscribedTopicRegex())
                .setAssignment(new ConsumerGroupDescribeResponseData.Assignment()
                        .setTopicPartitions(TopicIdPartition.toDescribeResponse(
                                member.assignment().ownedPartitions(), topics)))
                .setTargetAssignment(new ConsumerGroupDescribeResponseData.Assignment()
                        .setTopicPartitions(
                                TopicIdPartition.toDescribeResponse(group.targetAssignment(member.memberId()), topics)))
                .setMemberType(CONSUMER_MEMBER_TYPE);
    }
}
