package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.List;

/**
 * The stateful part of a window or pattern rule: per-key state fed with events in processing order (and late events
 * the rule still accepts), and told when the watermark advances. Owned by one {@link RuleEngine}; not thread-safe.
 */
interface KeyedProcessor {
    /** Applies an event that passed WHERE; {@code watermarkMs} is the rule's current watermark. */
    void onEvent(String key, Event event, long seq, long watermarkMs, List<Output> out);

    /** Closes what the new watermark makes final and frees what it makes unreachable. */
    void onWatermark(long watermarkMs, List<Output> out);

    /** Whether an event that arrives now (event time below the watermark) can still be applied. */
    boolean acceptsLate(long eventTimeMs, long watermarkMs);

    boolean hasKey(String key);

    int keyCount();

    /** Windows, stored events and partial matches held, over all keys. */
    long stateSize();

    /** Writes every key's state and the pending timers, keys in sorted order (equal states give equal bytes). */
    void writeState(SnapshotWriter out);

    /** Replaces this fresh processor's state with what {@link #writeState} wrote. */
    void readState(SnapshotReader in);
}
