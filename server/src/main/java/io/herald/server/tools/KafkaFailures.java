package io.herald.server.tools;

import io.herald.server.CommandFailedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Turns what a Kafka client throws into one line that says what happened and what to do. */
final class KafkaFailures {
    private KafkaFailures() {}

    /**
     * @param bootstrapServers the address the client tried
     * @param topic the topic the command was about, or null
     */
    static CommandFailedException explain(Throwable thrown, String bootstrapServers, String topic) {
        Throwable e = unwrap(thrown);
        String message;
        if (e instanceof TimeoutException) {
            message = unreachable(bootstrapServers);
        } else if (e instanceof UnknownTopicOrPartitionException) {
            message = "topic '" + topic + "' does not exist on " + bootstrapServers + "; create it with: herald topics"
                    + " create " + topic;
        } else if (e instanceof TopicExistsException) {
            message = "topic '" + topic + "' already exists";
        } else if (e instanceof UnsupportedVersionException) {
            // before InvalidConfigurationException: kafka-clients makes it a subclass of that
            message = "the broker at " + bootstrapServers + " does not support this request: " + e.getMessage();
        } else if (e instanceof InvalidConfigurationException) {
            message = "invalid topic config: " + e.getMessage();
        } else {
            // InvalidTopicException, InvalidPartitionsException, ...: Kafka's messages name the rule and the value
            message = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        CommandFailedException failure = new CommandFailedException(message);
        failure.initCause(e);
        return failure;
    }

    /**
     * Like {@link #explain}, for a command about a consumer group.
     *
     * <p>{@code UNKNOWN_MEMBER_ID} is how a broker refuses an admin's offset commit (generation -1, no member id) to a
     * group that has members: their next commits would overwrite the admin's, so the members must stop first.
     *
     * @param group the group the command was about
     * @param topic the topic the command was about, or null
     */
    static CommandFailedException explainGroup(Throwable thrown, String bootstrapServers, String group, String topic) {
        Throwable e = unwrap(thrown);
        String message;
        if (e instanceof GroupIdNotFoundException) {
            message = unknownGroup(bootstrapServers, group);
        } else if (e instanceof GroupNotEmptyException || e instanceof UnknownMemberIdException) {
            message = "consumer group '" + group + "' has active members; stop the group's consumers first (see them"
                    + " with: herald groups describe " + group + ")";
        } else {
            return explain(e, bootstrapServers, topic);
        }
        CommandFailedException failure = new CommandFailedException(message);
        failure.initCause(e);
        return failure;
    }

    static String unknownGroup(String bootstrapServers, String group) {
        return "consumer group '" + group + "' does not exist on " + bootstrapServers + "; see the groups with: herald"
                + " groups list";
    }

    static String unreachable(String bootstrapServers) {
        return "no answer from a Kafka broker at " + bootstrapServers + " within " + ClientOptions.API_TIMEOUT_MS
                + " ms; is 'herald server' running there? (set --bootstrap-server or HERALD_BOOTSTRAP_SERVER)";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
