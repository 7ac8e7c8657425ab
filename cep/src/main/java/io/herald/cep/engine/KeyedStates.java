package io.herald.cep.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-key state map every processor keeps, and the questions the engine asks of it. A key is in the map only
 * while it holds something, so the map's size is the number of keys with state.
 *
 * @param <S> a processor's state of one key
 */
abstract class KeyedStates<S> implements KeyedProcessor {
    final Map<String, S> keys = new HashMap<>();

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

    /** What every key holds, plus one per key for the key itself. */
    @Override
    public long stateSize() {
        return keys.values().stream().mapToLong(s -> heldBy(s) + 1).sum();
    }
}
