package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/**
 * JoinGroup: the answer waits until the group's join phase completes (every member rejoined, or the rebalance
 * timeout passed), so it is deferred and the connection stays free meanwhile.
 */
final class JoinGroupHandler implements DeferredRequestHandler<JoinGroupRequest> {
    private final GroupCoordinator coordinator;

    JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, JoinGroupRequest request) {
        short version = context.apiVersion();
        return coordinator
                .joinGroup(context.clientId(), ClientHost.of(context), version, request.data())
                .thenApply(data -> new JoinGroupResponse(data.setThrottleTimeMs(0), version));
    }
}
