package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete: removes a group's committed offsets for some partitions, refused per partition with {@code
 * GROUP_SUBSCRIBED_TO_TOPIC} for a topic the group's members consume; answered once the tombstones are durable.
 */
final class OffsetDeleteHandler implements DeferredRequestHandler<OffsetDeleteRequest> {
    private final GroupCoordinator coordinator;

    OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, OffsetDeleteRequest request) {
        return coordinator
                .deleteOffsets(request.data())
                .thenApply(data -> new OffsetDeleteResponse(data.setThrottleTimeMs(0)));
    }
}
