package io.herald.broker.producer;

import org.apache.kafka.common.protocol.Errors;

/** What {@link ProducerStateTable#check} decided about a batch before it is appended. */
public sealed interface SequenceCheck {

    /** The batch is new and in order (or its producer is unknown here): append it. */
    record Accept() implements SequenceCheck {}

    /**
     * The batch is a retry of one already in the log: do not append it, and answer NONE with these values from the
     * first append.
     *
     * @param logAppendTimeMs the timestamp recorded for the original batch (its max timestamp, which under {@code
     *     LogAppendTime} is the append time); Kafka answers this value for a duplicate
     */
    record Duplicate(long baseOffset, long lastOffset, long logAppendTimeMs) implements SequenceCheck {}

    /** The batch breaks the epoch or sequence rules: answer {@code error} with {@code message}, append nothing. */
    record Reject(Errors error, String message) implements SequenceCheck {}

    /** The one {@link Accept} value. */
    Accept ACCEPT = new Accept();
}
