package io.herald.cep.engine;

/**
 * One event bound to a pattern variable, linked to the bindings before it. Partial matches that branch share their
 * common prefix, so each event is stored once per distinct history rather than once per partial match. Immutable.
 *
 * @param index the event's position among the key's processed events (strict contiguity compares these)
 */
record Binding(String variable, Event event, long seq, long index, Binding previous) {

    /** The last event bound to a variable, or null. */
    Event last(String variable) {
        for (Binding b = this; b != null; b = b.previous) {
            if (b.variable.equals(variable)) {
                return b.event;
            }
        }
        return null;
    }

    /** The seq of the first event bound to a variable, or -1. */
    long firstSeq(String variable) {
        long seq = -1;
        for (Binding b = this; b != null; b = b.previous) {
            if (b.variable.equals(variable)) {
                seq = b.seq;
            }
        }
        return seq;
    }

    /** The seq of the last event bound to a variable, or -1. */
    long lastSeq(String variable) {
        for (Binding b = this; b != null; b = b.previous) {
            if (b.variable.equals(variable)) {
                return b.seq;
            }
        }
        return -1;
    }

    /** The first binding of the chain. */
    Binding first() {
        Binding b = this;
        while (b.previous != null) {
            b = b.previous;
        }
        return b;
    }

    /** Number of bound events. */
    int size() {
        int n = 0;
        for (Binding b = this; b != null; b = b.previous) {
            n++;
        }
        return n;
    }

    /** The seqs from first to last, for ordering matches that complete together. */
    long[] seqs() {
        long[] seqs = new long[size()];
        int i = seqs.length;
        for (Binding b = this; b != null; b = b.previous) {
            seqs[--i] = b.seq;
        }
        return seqs;
    }
}
