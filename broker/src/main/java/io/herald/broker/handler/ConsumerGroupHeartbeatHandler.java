package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/** ConsumerGroupHeartbeat (KIP-848): join, stay, reconcile towards the server's assignment, or leave. */
final class ConsumerGroupHeartbeatHandler implements RequestHandler<ConsumerGroupHeartbeatRequest> {
    private final GroupCoordinator coordinator;

    ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public AbstractResponse handle(RequestContext context, ConsumerGroupHeartbeatRequest request) {
        return new ConsumerGroupHeartbeatResponse(coordinator
                .consumerGroupHeartbeat(
                        context.clientId(), ClientHost.of(context), context.apiVersion(), request.data())
                .setThrottleTimeMs(0));
    }
}
