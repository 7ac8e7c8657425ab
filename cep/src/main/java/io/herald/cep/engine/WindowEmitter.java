package io.herald.cep.engine;

import io.herald.cep.plan.EmitMode;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The EMIT policy of window rules, shared by tumbling, hopping and session windows: what to write after an event
 * changed some windows, and when a window becomes final. Stateless apart from the rule; state lives in the rows.
 */
final class WindowEmitter {
    private final CompiledRule rule;

    WindowEmitter(CompiledRule rule) {
        this.rule = rule;
    }

    /**
     * After an event went into {@code changed} (in start order). {@code suppression} holds the key's
     * suppression deadline (event time), updated when a row is emitted.
     */
    void afterEvent(String key, long eventTimeMs, List<WindowRow> changed, long[] suppression, List<Output> out) {
        EmitMode mode = rule.rule.emit().mode();
        if (mode == EmitMode.ON_MATCH) {
            for (WindowRow row : changed) {
                if (row.fired || !rule.having.test(row)) {
                    continue;
                }
                if (eventTimeMs < suppression[0]) {
                    continue;
                }
                String subject = rule.subject(key, row.window());
                out.add(rule.row(key, subject, subject, eventTimeMs, rule.project(row, row.latestFields())));
                row.fired = true;
                if (rule.suppressMs >= 0) {
                    suppression[0] = eventTimeMs + rule.suppressMs;
                }
            }
        } else if (mode == EmitMode.CHANGES) {
            for (WindowRow row : changed) {
                if (row.lastEmitted != null && !rule.having.test(row)) {
                    retract(key, row, out);
                }
            }
            for (WindowRow row : changed) {
                if (rule.having.test(row)) {
                    Map<String, Object> values = rule.project(row, row.latestFields());
                    if (!values.equals(row.lastEmitted)) {
                        String subject = rule.subject(key, row.window());
                        row.changes++;
                        out.add(rule.row(key, subject, subject + "/" + row.changes, row.latestEventTimeMs, values));
                        row.lastEmitted = values;
                    }
                }
            }
        }
    }

    /** CHANGES: the row emitted for this window no longer stands. */
    void retract(String key, WindowRow row, List<Output> out) {
        String subject = rule.subject(key, row.window());
        row.changes++;
        out.add(rule.retraction(key, subject, subject + "/" + row.changes, row.latestEventTimeMs));
        row.lastEmitted = null;
    }

    /** The window is final: EMIT FINAL writes it if HAVING holds. */
    /**
     * Emits and removes, oldest first, the rows of {@code key} that closed by {@code dueMs}: their end plus the allowed
     * lateness is not after it.
     */
    void closeDue(String key, NavigableMap<Long, WindowRow> rows, long dueMs, List<Output> out) {
        while (!rows.isEmpty()) {
            WindowRow row = rows.firstEntry().getValue();
            if (row.endMs + rule.latenessMs > dueMs) {
                return;
            }
            rows.pollFirstEntry();
            onFinal(key, row, out);
        }
    }

    void onFinal(String key, WindowRow row, List<Output> out) {
        if (rule.rule.emit().mode() == EmitMode.FINAL && rule.having.test(row)) {
            String subject = rule.subject(key, row.window());
            out.add(rule.row(key, subject, subject, row.latestEventTimeMs, rule.project(row, row.latestFields())));
        }
    }
}
