package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/**
 * DescribeGroups: state, protocol and members of each group asked for. An unknown group is Dead; from v6 it also
 * carries {@code GROUP_ID_NOT_FOUND}, below v6 no error, as in Kafka.
 */
final class DescribeGroupsHandler implements RequestHandler<DescribeGroupsRequest> {
    private static final short GROUP_ID_NOT_FOUND_MIN_VERSION = 6;

    private final GroupCoordinator coordinator;

    DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DescribeGroupsRequest request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData().setThrottleTimeMs(0);
        for (String groupId : request.data().groups()) {
            DescribedGroup group = coordinator.describeGroup(groupId);
            if (context.apiVersion() < GROUP_ID_NOT_FOUND_MIN_VERSION
                    && group.errorCode() == Errors.GROUP_ID_NOT_FOUND.code()) {
                group.setErrorCode(Errors.NONE.code()).setErrorMessage(null);
            }
            response.groups().add(group);
        }
        return new DescribeGroupsResponse(response);
    }
}
