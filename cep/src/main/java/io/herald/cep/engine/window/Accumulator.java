package io.herald.cep.engine.window;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;

/**
 * Incremental state of one aggregate over one window. Values arrive with a sequence number that increases in
 * processing order; {@link #removeOldest} removes values in the order they were added (RANGE windows slide that way).
 * Nulls are ignored by all but count(*). Owned by the window that holds it; not thread-safe.
 */
public interface Accumulator {
    void add(long seq, Object value);

    /** Removes the value added with this sequence number, which is the oldest still in the window. */
    void removeOldest(long seq, Object value);

    /** Adds everything another accumulator of the same aggregate holds (sessions that merge). */
    void mergeFrom(Accumulator other);

    Object result();

    /** Writes this accumulator's state for an engine snapshot (its kind is known from the plan). */
    void writeState(SnapshotWriter out);

    /** Replaces this fresh accumulator's state with what {@link #writeState} wrote. */
    void readState(SnapshotReader in);
}
