package io.herald.broker.handler;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator: this node coordinates every group. One key in the top-level fields (v0-3), a batch of keys in
 * {@code Coordinators} (v4+). Transaction and share-group coordinators are refused with {@code INVALID_REQUEST} and a
 * message: neither transactions nor share groups are supported yet, and a client told "not available" would retry
 * forever.
 */
final class FindCoordinatorHandler implements RequestHandler<FindCoordinatorRequest> {
    private final BrokerNode node;

    FindCoordinatorHandler(BrokerNode node) {
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, FindCoordinatorRequest request) {
        FindCoordinatorRequestData data = request.data();
        List<String> keys = context.apiVersion() >= FindCoordinatorRequest.MIN_BATCHED_VERSION
                ? data.coordinatorKeys()
                : List.of(data.key());
        List<Coordinator> coordinators = new ArrayList<>();
        for (String key : keys) coordinators.add(coordinator(key, data.keyType()));
        FindCoordinatorResponseData response = new FindCoordinatorResponseData().setThrottleTimeMs(0);
        if (context.apiVersion() >= FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            return new FindCoordinatorResponse(response.setCoordinators(coordinators));
        }
        Coordinator only = coordinators.getFirst();
        return new FindCoordinatorResponse(response.setErrorCode(only.errorCode())
                .setErrorMessage(only.errorMessage())
                .setNodeId(only.nodeId())
                .setHost(only.host())
                .setPort(only.port()));
    }

    private Coordinator coordinator(String key, byte keyType) {
        Coordinator c = new Coordinator().setKey(key);
        if (keyType != CoordinatorType.GROUP.id()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("Herald coordinates consumer groups only; "
                            + (keyType == CoordinatorType.TRANSACTION.id()
                                    ? "transactions are not supported yet (produce without transactional.id)"
                                    : "share groups are not supported yet"))
                    .setNodeId(-1)
                    .setHost("")
                    .setPort(-1);
        }
        if (key == null || key.isEmpty()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("the group id is empty; give the consumer a group.id")
                    .setNodeId(-1)
                    .setHost("")
                    .setPort(-1);
        }
        return c.setErrorCode(Errors.NONE.code())
                .setNodeId(node.nodeId())
                .setHost(node.host())
                .setPort(node.port());
    }
}
