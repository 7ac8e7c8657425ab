package io.herald.broker.handler;

import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions: the versions of every API Herald answers. A v3+ request whose client software name or version breaks
 * the protocol's pattern gets {@code INVALID_REQUEST}, as in Kafka. (A request at a version Herald does not know never
 * reaches this handler: the connection answers it with {@code UNSUPPORTED_VERSION}, KIP-511.)
 */
final class ApiVersionsHandler implements RequestHandler<ApiVersionsRequest> {
    private final Supplier<ApiVersionCollection> advertised;

    ApiVersionsHandler(Supplier<ApiVersionCollection> advertised) {
        this.advertised = advertised;
    }

    @Override
    public AbstractResponse handle(RequestContext context, ApiVersionsRequest request) {
        if (request.hasUnsupportedRequestVersion()) {
            return request.getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception());
        }
        if (!request.isValid()) {
            return request.getErrorResponse(0, Errors.INVALID_REQUEST.exception());
        }
        return new ApiVersionsResponse(new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setApiKeys(advertised.get())
                .setThrottleTimeMs(0));
    }
}
