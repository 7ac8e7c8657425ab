package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat: keeps a classic group member's session alive, and tells it when the group rebalances. */
final class HeartbeatHandler implements RequestHandler<HeartbeatRequest> {
    private final GroupCoordinator coordinator;

    HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, HeartbeatRequest request) {
        return new HeartbeatResponse(new HeartbeatResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(coordinator.heartbeat(request.data()).code()));
    }
}
