package io.herald.cep.engine;

import java.util.HashMap;
import java.util.Map;

/** Test events on one partition with increasing offsets. */
final class Events {
    private long offset;

    /** Starts the offsets again from 0, as a replay of the same partition would. */
    void reset() {
        offset = 0;
    }

    /** An event at {@code timeMs} with fields given as name, value, name, value... */
    Event at(long timeMs, Object... nameValues) {
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.put((String) nameValues[i], nameValues[i + 1]);
        }
        return new Event("t", 0, offset++, timeMs, "rk", fields);
    }
}
