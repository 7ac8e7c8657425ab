package io.herald.cep.engine;

import io.herald.cep.engine.expr.Scope;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs one rule: events in, watermarks in, output records out. Pure: no I/O, no clock, no threads; the same inputs
 * in the same order always give the same outputs. Owned by one thread (the runner's loop); not thread-safe.
 *
 * <p>Filter rules handle each event on arrival. Window and pattern rules buffer events until the watermark passes
 * them and then process them in {@link Event#PROCESSING_ORDER}; an event that arrives below the watermark is late:
 * window rules still apply it within the allowed lateness, everything else goes to {@code <rule>.late}.
 */
public final class RuleEngine {
    private final CompiledRule rule;
    private final EngineLimits limits;
    /** Null for filter rules. */
    private final KeyedProcessor processor;

    private final PriorityQueue<Event> buffer = new PriorityQueue<>(Event.PROCESSING_ORDER);
    private long watermarkMs = Long.MIN_VALUE;
    private long seq;

    private long eventsIn;
    private long rowsOut;
    private long lateEvents;
    private long overflowEvents;

    private RuleEngine(Rule rule, EngineLimits limits) {
        this.rule = new CompiledRule(rule);
        this.limits = limits;
        this.processor = switch (rule.body()) {
            case Body.PerEvent p -> null;
            case Body.Windowed w ->
                switch (w.window()) {
                    case Window.Tumbling t ->
                        new AlignedWindows(
                                this.rule, t.size().toMillis(), t.size().toMillis());
                    case Window.Hopping h ->
                        new AlignedWindows(
                                this.rule, h.size().toMillis(), h.advance().toMillis());
                    case Window.Session s ->
                        new SessionWindows(this.rule, s.gap().toMillis());
                    case Window.Range r ->
                        new RangeWindows(this.rule, r.length().toMillis());
                };
            case Body.Matching m -> new PatternMatcher(this.rule, m.pattern(), limits);
        };
    }

    /** An engine for a validated rule with the default limits. */
    public static RuleEngine create(Rule rule) {
        return new RuleEngine(rule, EngineLimits.DEFAULT);
    }

    /** An engine for a validated rule. */
    public static RuleEngine create(Rule rule, EngineLimits limits) {
        return new RuleEngine(rule, limits);
    }

    /** Offers one event; returns what it causes now (filter rows, late records, late window updates). */
    public List<Output> onEvent(Event event) {
        eventsIn++;
        String key = rule.keyOf(event);
        Scope scope = CompiledRule.eventScope(event, key);
        if (!rule.where.test(scope)) {
            return List.of(); // most events of a filter rule: nothing allocated for them
        }
        if (processor == null) {
            String subject = rule.subject(key, "e" + event.coordinates());
            return count(
                    List.of(rule.row(key, subject, subject, event.eventTimeMs(), rule.project(scope, event.fields()))));
        }
        List<Output> out = new ArrayList<>();
        if (event.eventTimeMs() < watermarkMs) {
            if (processor.acceptsLate(event.eventTimeMs(), watermarkMs)) {
                apply(key, event, out);
            } else {
                lateEvents++;
                out.add(rule.late(key, event));
            }
            return count(out);
        }
        buffer.add(event);
        return out;
    }

    /**
     * Advances the rule's watermark (a lower or equal value is ignored): processes the buffered events below it in
     * order, then closes the windows and expires the partial matches it makes final.
     */
    public List<Output> onWatermark(long newWatermarkMs) {
        List<Output> out = new ArrayList<>();
        if (newWatermarkMs <= watermarkMs || processor == null) {
            watermarkMs = Math.max(watermarkMs, newWatermarkMs);
            return out;
        }
        watermarkMs = newWatermarkMs;
        while (!buffer.isEmpty() && buffer.peek().eventTimeMs() < watermarkMs) {
            Event event = buffer.poll();
            apply(rule.keyOf(event), event, out);
        }
        processor.onWatermark(watermarkMs, out);
        return count(out);
    }

    private void apply(String key, Event event, List<Output> out) {
        if (!processor.hasKey(key) && processor.keyCount() >= limits.maxKeys()) {
            overflowEvents++;
            out.add(rule.overflow(key, event));
            return;
        }
        processor.onEvent(key, event, seq++, watermarkMs, out);
    }

    private List<Output> count(List<Output> out) {
        for (Output o : out) {
            if (o.kind() == Output.Kind.ROW || o.kind() == Output.Kind.RETRACTION) {
                rowsOut++;
            }
        }
        return out;
    }

    /** The rule's watermark: every event with an earlier event time has been seen. */
    public long watermarkMs() {
        return watermarkMs;
    }

    /**
     * Events held until the watermark passes them (window and pattern rules); they are part of {@link #stateSize()}.
     * The runner uses it to tell a buffered event, which a replay from its offset rebuilds, from processor state.
     */
    public int bufferedEvents() {
        return buffer.size();
    }

    /** Keys that hold state now. */
    public int keyCount() {
        return processor == null ? 0 : processor.keyCount();
    }

    /** Buffered events plus the windows, stored events and partial matches of all keys; 0 when the rule is idle. */
    public long stateSize() {
        return buffer.size() + (processor == null ? 0 : processor.stateSize());
    }

    /** What the rule has seen and done so far. */
    public EngineCounters counters() {
        long evicted = processor instanceof PatternMatcher p ? p.evictedPartialMatches() : 0;
        return new EngineCounters(eventsIn, rowsOut, lateEvents, overflowEvents, evicted);
    }

    /** The rule this engine runs. */
    public Rule rule() {
        return rule.rule;
    }
}
