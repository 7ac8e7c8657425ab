package io.herald.broker.handler;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * The dispatch table: one {@link RequestHandler} per Kafka API, and the API versions advertised, which are derived
 * from the table so that a client is never offered an API Herald does not answer.
 *
 * <p>Versions come from kafka-clients' own ranges for a broker listener ({@link ApiVersionsResponse#collectApis}),
 * stable versions only. That includes Kafka's advertising quirk for Produce: the range starts at 0 so that librdkafka
 * turns on compression (it probes for Produce v0), while versions below {@link ApiKeys#PRODUCE}'s oldest supported one
 * are still refused when they arrive (KAFKA-18659).
 *
 * <p>Thread-safety: immutable once built.
 */
public final class ApiDispatcher {
    private final Map<ApiKeys, DeferredRequestHandler<?>> handlers;
    private final ApiVersionCollection advertised;

    private ApiDispatcher(Map<ApiKeys, DeferredRequestHandler<?>> routes) {
        Map<ApiKeys, DeferredRequestHandler<?>> all = new EnumMap<>(routes);
        all.put(ApiKeys.API_VERSIONS, answeredAtOnce(new ApiVersionsHandler(this::advertisedVersions)));
        this.handlers = Collections.unmodifiableMap(all);
        this.advertised = ApiVersionsResponse.collectApis(ApiMessageType.ListenerType.BROKER, all.keySet(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The versions advertised in ApiVersions responses. */
    public ApiVersionCollection advertisedVersions() {
        return advertised.duplicate();
    }

    public Set<ApiKeys> apis() {
        return handlers.keySet();
    }

    /**
     * True when {@code version} of {@code api} can be handled: it is advertised and it is not below the API's oldest
     * version (Produce is advertised from 0 but v0-2 are refused).
     */
    public boolean accepts(ApiKeys api, short version) {
        ApiVersion range = advertised.find(api.id);
        return range != null
                && version >= Math.max(range.minVersion(), api.oldestVersion())
                && version <= range.maxVersion();
    }

    /**
     * Runs the handler of the request's API. Its work happens now, in request order; the returned response may still
     * be waiting (see {@link DeferredRequestHandler}). A handler that fails at once throws.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<AbstractResponse> dispatch(RequestContext context, AbstractRequest request) {
        DeferredRequestHandler<AbstractRequest> handler =
                (DeferredRequestHandler<AbstractRequest>) handlers.get(request.apiKey());
        if (handler == null) throw new IllegalStateException("no handler for " + request.apiKey());
        return handler.handle(context, request);
    }

    private static <R extends AbstractRequest> DeferredRequestHandler<R> answeredAtOnce(RequestHandler<R> handler) {
        return (context, request) -> CompletableFuture.completedFuture(handler.handle(context, request));
    }

    /** Collects the handlers, one per API. */
    public static final class Builder {
        private final Map<ApiKeys, DeferredRequestHandler<?>> handlers = new EnumMap<>(ApiKeys.class);

        /**
         * Routes {@code api} to {@code handler}, whose request type must be the class kafka-clients parses {@code api}
         * into. ApiVersions is always routed, to the dispatcher's own handler.
         */
        public <R extends AbstractRequest> Builder route(ApiKeys api, RequestHandler<R> handler) {
            return routeDeferred(api, answeredAtOnce(handler));
        }

        /** Routes {@code api} to a handler whose response may complete later. */
        public <R extends AbstractRequest> Builder routeDeferred(ApiKeys api, DeferredRequestHandler<R> handler) {
            if (api == ApiKeys.API_VERSIONS || handlers.putIfAbsent(api, handler) != null) {
                throw new IllegalArgumentException(api + " has a handler already");
            }
            return this;
        }

        public ApiDispatcher build() {
            return new ApiDispatcher(handlers);
        }
    }
}
