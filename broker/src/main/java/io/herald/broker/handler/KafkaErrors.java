package io.herald.broker.handler;

import io.herald.log.CorruptBatchException;
import io.herald.log.InvalidBatchException;
import io.herald.log.InvalidConfigException;
import io.herald.log.LogException;
import io.herald.log.OffsetOutOfRangeException;
import io.herald.log.RecordTooLargeException;
import io.herald.log.StorageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from Herald's exceptions to Kafka error codes: the code a Kafka broker would answer for the same
 * failure. Handlers never pick a code for an exception themselves. kafka-clients' own {@link ApiException}s keep the
 * code they stand for; anything unexpected is {@code UNKNOWN_SERVER_ERROR}.
 */
public final class KafkaErrors {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaErrors.class);

    private KafkaErrors() {}

    public static Errors of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof LogException e) return ofLog(e);
        if (t instanceof ApiException) return Errors.forException(t);
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /**
     * {@link #of} for a failure answered inside a response (per topic, per resource) rather than thrown to the
     * connection: an unexpected one is logged with its stack trace, {@code what} naming the operation, since the client
     * only sees {@code UNKNOWN_SERVER_ERROR}.
     */
    public static Errors ofAnswered(Throwable failure, String what) {
        Errors error = of(failure);
        if (error == Errors.UNKNOWN_SERVER_ERROR) LOG.error("{} failed", what, failure);
        return error;
    }

    private static Errors ofLog(LogException e) {
        return switch (e) {
            case CorruptBatchException c -> Errors.CORRUPT_MESSAGE;
            case InvalidBatchException i -> Errors.INVALID_RECORD;
            // Kafka: MESSAGE_TOO_LARGE for a batch over max.message.bytes (a batch over segment.bytes is a
            // misconfiguration the client can fix the same way)
            case RecordTooLargeException r -> Errors.MESSAGE_TOO_LARGE;
            case OffsetOutOfRangeException o -> Errors.OFFSET_OUT_OF_RANGE;
            case StorageException s -> Errors.KAFKA_STORAGE_ERROR;
            case InvalidConfigException c -> Errors.INVALID_CONFIG;
        };
    }

    /** The message to put in a response's error message field: Herald's own text, which names the value and the fix. */
    public static String message(Throwable failure) {
        return unwrap(failure).getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
