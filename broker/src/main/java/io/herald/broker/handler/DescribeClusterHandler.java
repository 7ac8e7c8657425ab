package io.herald.broker.handler;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeCluster (v0-2): the cluster id, this node as the controller and the only broker (never fenced, no rack).
 * Asked for controllers (endpoint type 2), it answers {@code UNSUPPORTED_ENDPOINT_TYPE}, as a Kafka broker does.
 *
 * <p>Differs from Kafka: there is no authorizer, so when the client asks for the cluster's authorized operations every
 * cluster operation is reported as allowed.
 */
final class DescribeClusterHandler implements RequestHandler<DescribeClusterRequest> {
    private static final byte BROKERS = 1;
    private static final Set<AclOperation> CLUSTER_OPERATIONS = EnumSet.of(
            AclOperation.ALTER,
            AclOperation.ALTER_CONFIGS,
            AclOperation.CLUSTER_ACTION,
            AclOperation.CREATE,
            AclOperation.DESCRIBE,
            AclOperation.DESCRIBE_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE);

    private final BrokerNode node;

    DescribeClusterHandler(BrokerNode node) {
        this.node = node;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DescribeClusterRequest request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData().setThrottleTimeMs(0);
        if (request.data().endpointType() != BROKERS) {
            return new DescribeClusterResponse(response.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("this node is a broker and describes brokers only (endpoint type 1), was "
                            + request.data().endpointType()));
        }
        response.setErrorCode(Errors.NONE.code())
                .setEndpointType(BROKERS)
                .setClusterId(node.clusterId())
                .setControllerId(node.nodeId());
        response.brokers()
                .add(new DescribeClusterBroker()
                        .setBrokerId(node.nodeId())
                        .setHost(node.host())
                        .setPort(node.port())
                        .setRack(null)
                        .setIsFenced(false));
        if (request.data().includeClusterAuthorizedOperations()) {
            response.setClusterAuthorizedOperations(Utils.to32BitField(
                    CLUSTER_OPERATIONS.stream().map(AclOperation::code).collect(java.util.stream.Collectors.toSet())));
        }
        return new DescribeClusterResponse(response);
    }
}
