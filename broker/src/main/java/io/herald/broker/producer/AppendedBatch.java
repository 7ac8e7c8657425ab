package io.herald.broker.producer;

/** A batch of one producer that is in the log: enough to recognise a retry of it and answer with its offsets. */
record AppendedBatch(int firstSequence, int lastSequence, long baseOffset, long lastOffset, long timestampMs) {

    boolean hasSequences(int first, int last) {
        return firstSequence == first && lastSequence == last;
    }
}
