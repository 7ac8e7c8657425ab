package io.herald.broker.handler;

import io.herald.broker.producer.ProducerIdAllocator;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId for idempotent producers: a new producer id at epoch 0 on every call, never one handed out before,
 * even across a crash ({@link ProducerIdAllocator}). That is also Kafka's answer to an idempotent producer asking
 * again with its old id (KIP-360). A transactional id is refused with {@code INVALID_REQUEST}: transactions are not
 * supported yet, and an answer the client would retry forever is worse than one that stops it.
 */
final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdAllocator producerIds;

    InitProducerIdHandler(ProducerIdAllocator producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public AbstractResponse handle(RequestContext context, InitProducerIdRequest request) {
        InitProducerIdResponseData response = new InitProducerIdResponseData().setThrottleTimeMs(0);
        String transactionalId = request.data().transactionalId();
        if (transactionalId != null) {
            LOG.warn(
                    "refusing InitProducerId for transactional.id={} from client {}: transactions are not supported"
                            + " yet; produce without transactional.id (idempotence stays on)",
                    transactionalId,
                    context.clientId());
            return new InitProducerIdResponse(response.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setProducerId(-1)
                    .setProducerEpoch((short) -1));
        }
        return new InitProducerIdResponse(response.setErrorCode(Errors.NONE.code())
                .setProducerId(producerIds.nextProducerId())
                .setProducerEpoch((short) 0));
    }
}
