package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/** SyncGroup: a follower's answer waits for the leader's assignment, so it is deferred. */
final class SyncGroupHandler implements DeferredRequestHandler<SyncGroupRequest> {
    private final GroupCoordinator coordinator;

    SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, SyncGroupRequest request) {
        return coordinator
                .syncGroup(request.data())
                .thenApply(data -> new SyncGroupResponse(data.setThrottleTimeMs(0)));
    }
}
