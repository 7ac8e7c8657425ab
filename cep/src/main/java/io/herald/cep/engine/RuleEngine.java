package io.herald.cep.engine;

import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.snapshot.CorruptSnapshotException;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
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

    /**
     * Everything this engine holds, as bytes another engine of the same plan continues from exactly: fed the same
     * events and watermarks afterwards, the restored engine gives the same outputs (ids and content, in order) as this
     * one would. Big-endian, in this order:
     *
     * <ol>
     *   <li>the header ({@link SnapshotHeader}: magic, format version, rule name and version, plan fingerprint);
     *   <li>the watermark, the seq counter, and the counters events in, rows out, late, overflow (longs);
     *   <li>the events buffered for the watermark, in processing order (an int count, then each event);
     *   <li>a byte: 0 for a filter rule (nothing more), 1 then the processor's state (its timers and, per key in
     *       sorted order, its windows, RANGE entries or partial matches; see each processor's {@code writeKey});
     *   <li>a CRC32 (int) of everything before it.
     * </ol>
     *
     * Equal states give equal bytes: {@code restore(rule, limits, s).snapshot()} equals {@code s}.
     */
    public byte[] snapshot() {
        SnapshotWriter out = new SnapshotWriter();
        SnapshotHeader.write(out, rule.rule);
        out.writeLong(watermarkMs);
        out.writeLong(seq);
        out.writeLong(eventsIn);
        out.writeLong(rowsOut);
        out.writeLong(lateEvents);
        out.writeLong(overflowEvents);
        List<Event> buffered = new ArrayList<>(buffer);
        buffered.sort(Event.PROCESSING_ORDER);
        out.writeInt(buffered.size());
        buffered.forEach(e -> EventCodec.write(out, e));
        out.writeByte(processor == null ? 0 : 1);
        if (processor != null) {
            processor.writeState(out);
        }
        return SnapshotHeader.withChecksum(out.toByteArray());
    }

    /**
     * An engine for {@code rule} that continues from a {@link #snapshot()} taken by an engine of the same plan.
     *
     * @throws SnapshotMismatchException when the snapshot was taken from another plan (the message names both)
     * @throws CorruptSnapshotException when the bytes are truncated, malformed or of an unknown format version
     */
    public static RuleEngine restore(Rule rule, EngineLimits limits, byte[] snapshot) {
        SnapshotReader in = new SnapshotReader(SnapshotHeader.verified(snapshot));
        SnapshotHeader.check(in, rule);
        RuleEngine engine = new RuleEngine(rule, limits);
        try {
            engine.readState(in);
        } catch (CorruptSnapshotException e) {
            throw e;
        } catch (RuntimeException e) {
            // bytes with a valid checksum that still do not fit the plan (a writer's bug): refused like damaged ones
            throw new CorruptSnapshotException("it does not fit rule " + rule.name() + " (" + e + ")");
        }
        return engine;
    }

    /** Reads what {@link #snapshot()} wrote after the header into this fresh engine. */
    private void readState(SnapshotReader in) {
        watermarkMs = in.readLong();
        seq = in.readLong();
        eventsIn = in.readLong();
        rowsOut = in.readLong();
        lateEvents = in.readLong();
        overflowEvents = in.readLong();
        int buffered = in.readCount();
        for (int i = 0; i < buffered; i++) {
            buffer.add(EventCodec.read(in));
        }
        int hasProcessor = in.readByte();
        if (hasProcessor != (processor == null ? 0 : 1)) {
            throw new CorruptSnapshotException(
                    "processor flag " + hasProcessor + " does not fit rule " + rule.rule.name());
        }
        if (processor != null) {
            processor.readState(in);
        }
        if (!in.atEnd()) {
            throw new CorruptSnapshotException("bytes left over after the state of rule " + rule.rule.name());
        }
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
        // the count first: below the cap no key lookup is needed (it was a third of the absence rule's time at 100K
        // keys)
        if (processor.keyCount() >= limits.maxKeys() && !processor.hasKey(key)) {
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
