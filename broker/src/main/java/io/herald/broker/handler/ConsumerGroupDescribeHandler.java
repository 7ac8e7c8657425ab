package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;

/**
 * ConsumerGroupDescribe: members, assignments and epochs of KIP-848 groups; a classic or unknown group is {@code
 * GROUP_ID_NOT_FOUND}, on which the Admin client describes it with DescribeGroups instead.
 */
final class ConsumerGroupDescribeHandler implements RequestHandler<ConsumerGroupDescribeRequest> {
    private final GroupCoordinator coordinator;

    ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, ConsumerGroupDescribeRequest request) {
        ConsumerGroupDescribeRequestData data = request.data();
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData().setThrottleTimeMs(0);
        for (String groupId : data.groupIds()) {
            response.groups().add(coordinator.consumerGroupDescribe(groupId, data.includeAuthorizedOperations()));
        }
        return new ConsumerGroupDescribeResponse(response);
    }
}
