package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-key state map and the timers every processor keeps, the questions the engine asks of them, and their
 * snapshot. A key is in the map only
 * while it holds something, so the map's size is the number of keys with state.
 *
 * @param <S> a processor's state of one key
 */
abstract class KeyedStates<S> implements KeyedProcessor {
    final Map<String, S> keys = new HashMap<>();
    final Timers timers = new Timers();

    /** The windows, stored events or partial matches {@code state} holds. */
    abstract long heldBy(S state);

    @Override
    public boolean hasKey(String key) {
        return keys.containsKey(key);
    }

    @Override
    public int keyCount() {
        return keys.size();
    }

    /** Layout: the timers, then the keys (see {@link #writeKeys}). */
    @Override
    public void writeState(SnapshotWriter out) {
        timers.writeTo(out);
        writeKeys(out);
    }

    @Override
    public void readState(SnapshotReader in) {
        timers.readFrom(in);
        readKeys(in);
    }

    /** Writes one key's state. */
    abstract void writeKey(SnapshotWriter out, S state);

    /** Reads one key's state as {@link #writeKey} wrote it. */
    abstract S readKey(SnapshotReader in, String key);

    /** The keys in sorted order: a count, then per key its name and its state. */
    void writeKeys(SnapshotWriter out) {
        TreeMap<String, S> sorted = new TreeMap<>(keys);
        out.writeInt(sorted.size());
        sorted.forEach((key, state) -> {
            out.writeString(key);
            writeKey(out, state);
        });
    }

    void readKeys(SnapshotReader in) {
        keys.clear();
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            keys.put(key, readKey(in, key));
        }
    }

    /** What every key holds, plus one per key for the key itself. */
    @Override
    public long stateSize() {
        return keys.values().stream().mapToLong(s -> heldBy(s) + 1).sum();
    }
}
