package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/**
 * LeaveGroup: one member (v0-2) or a batch (v3+, how an admin removes static members). Below v3 only the top-level
 * error exists, so a member's own error is answered there.
 */
final class LeaveGroupHandler implements RequestHandler<LeaveGroupRequest> {
    private final GroupCoordinator coordinator;

    LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, LeaveGroupRequest request) {
        LeaveGroupRequestData normalized =
                new LeaveGroupRequestData().setGroupId(request.data().groupId()).setMembers(request.members());
        LeaveGroupResponseData result = coordinator.leaveGroup(normalized);
        return new LeaveGroupResponse(result.members(), Errors.forCode(result.errorCode()), 0, context.apiVersion());
    }
}
