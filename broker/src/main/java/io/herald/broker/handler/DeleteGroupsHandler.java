package io.herald.broker.handler;

import io.herald.broker.group.GroupCoordinator;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/**
 * DeleteGroups: removes groups without members and their committed offsets ({@code NON_EMPTY_GROUP} while members
 * remain, {@code GROUP_ID_NOT_FOUND} for an unknown group); answered once the tombstones are durable.
 */
final class DeleteGroupsHandler implements DeferredRequestHandler<DeleteGroupsRequest> {
    private final GroupCoordinator coordinator;

    DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, DeleteGroupsRequest request) {
        return coordinator.deleteGroups(request.data().groupsNames()).thenApply(results -> {
            DeletableGroupResultCollection collection = new DeletableGroupResultCollection();
            results.forEach(collection::add);
            return new DeleteGroupsResponse(
                    new DeleteGroupsResponseData().setThrottleTimeMs(0).setResults(collection));
        });
    }
}
