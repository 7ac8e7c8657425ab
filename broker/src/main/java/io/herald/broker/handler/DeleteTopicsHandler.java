package io.herald.broker.handler;

import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics: deletes each topic, named (v1-5) or named or given by id (v6), with its data, answering per topic with
 * its name and id. An unknown name gets {@code UNKNOWN_TOPIC_OR_PARTITION}, an unknown id {@code UNKNOWN_TOPIC_ID}.
 *
 * <p>Differs from Kafka: the deletion is complete when the response is sent (the files are gone, unless removing them
 * failed, which the next start finishes), so {@code timeoutMs} is ignored.
 */
final class DeleteTopicsHandler implements RequestHandler<DeleteTopicsRequest> {
    private final TopicRegistry topics;

    DeleteTopicsHandler(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public AbstractResponse handle(RequestContext context, DeleteTopicsRequest request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        for (DeleteTopicState requested : requested(request, context.apiVersion())) {
            DeletableTopicResult result =
                    new DeletableTopicResult().setName(requested.name()).setTopicId(requested.topicId());
            try {
                String name = requested.name() != null ? requested.name() : nameOf(requested.topicId());
                Topic topic = topics.topic(name);
                result.setName(name).setTopicId(topic != null ? topic.id() : Uuid.ZERO_UUID);
                topics.delete(name);
                result.setErrorCode(Errors.NONE.code());
            } catch (RuntimeException e) {
                result.setErrorCode(KafkaErrors.ofAnswered(e, "deleting topic " + requested.name())
                                .code())
                        .setErrorMessage(KafkaErrors.message(e));
            }
            response.responses().add(result);
        }
        return new DeleteTopicsResponse(response);
    }

    private static List<DeleteTopicState> requested(DeleteTopicsRequest request, short version) {
        if (version >= 6) return request.data().topics();
        List<DeleteTopicState> byName = new ArrayList<>();
        for (String name : request.data().topicNames()) {
            byName.add(new DeleteTopicState().setName(name).setTopicId(Uuid.ZERO_UUID));
        }
        return byName;
    }

    private String nameOf(Uuid id) {
        Topic topic = topics.topic(id);
        if (topic == null) throw new UnknownTopicIdException("no topic has id " + id);
        return topic.name();
    }
}
