package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/** ListGroups: every group, filtered by state (v4+) and type (v5+) when asked. */
final class ListGroupsHandler implements RequestHandler<ListGroupsRequest> {
    private final GroupCoordinator coordinator;

    ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, ListGroupsRequest request) {
        ListGroupsRequestData data = request.data();
        return new ListGroupsResponse(new ListGroupsResponseData()
                .setThrottleTimeMs(0)
                .setGroups(coordinator.listGroups(data.statesFilter(), data.typesFilter())));
    }
}
