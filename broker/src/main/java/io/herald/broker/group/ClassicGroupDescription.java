package io.herald.broker.group;

import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups' view of a classic group: state, protocol, and each member's metadata and assignment. As in Kafka,
 * member metadata and assignments are sent only once the group is Stable (before, they belong to a generation in
 * flux), and an unknown group is described as Dead.
 */
final class ClassicGroupDescription {
    private ClassicGroupDescription() {}

    static DescribedGroup of(ClassicGroup group) {
        DescribedGroup described = new DescribedGroup()
                .setGroupId(group.groupId())
                .setGroupState(group.state().kafkaName())
                .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                .setProtocolData(
                        group.is(ClassicGroupState.STABLE) && group.protocolName() != null ? group.protocolName() : "");
        boolean withData = group.is(ClassicGroupState.STABLE);
        for (ClassicMember m : group.members()) {
            described
                    .members()
                    .add(new DescribedGroupMember()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setClientId(m.clientId())
                            .setClientHost(m.clientHost())
                            .setMemberMetadata(withData ? m.metadata(group.protocolName()) : new byte[0])
                            .setMemberAssignment(withData ? m.assignment() : new byte[0]));
        }
        return described;
    }

    /** An unknown group: Dead with no members, and from DescribeGroups v6 the GROUP_ID_NOT_FOUND error. */
    static DescribedGroup unknown(String groupId) {
        return new DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(ClassicGroupState.DEAD.kafkaName())
                .setProtocolType("")
                .setProtocolData("")
                .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                .setErrorMessage("group " + groupId + " does not exist");
    }
}
