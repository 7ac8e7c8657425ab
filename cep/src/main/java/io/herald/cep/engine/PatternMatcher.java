package io.herald.cep.engine;

import io.herald.cep.engine.CompiledPattern.CompiledStep;
import io.herald.cep.engine.CompiledPattern.Completion;
import io.herald.cep.engine.CompiledPattern.Entry;
import io.herald.cep.engine.expr.ExprCompiler;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.SkipStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Patterns: a per-key NFA whose runs ({@link PartialMatch}) advance on the key's events in processing order.
 *
 * <p>On each event a run may take it into its current step (a loop; iterations are relaxed), enter a reachable next
 * step (strict: only if the event is the key's next one after the run's last; relaxed and any: any later event), or
 * ignore it. A run that entered a step through relaxed contiguity (or looped) does not also stay behind; through
 * {@code ->>} it does, so every later matching event gets its own branch. A run waiting before {@code NOT x} dies on
 * an x. A run is complete as soon as only optional steps remain (trailing {@code NOT x}: when WITHIN runs out).
 * Matches completing on the same event are taken in (start, bound events) order; after each, the skip strategy
 * discards the runs it names. Runs expire when the watermark passes their first event plus WITHIN; a key's state goes
 * when it has no run and no suppression in force. Owned by one {@link RuleEngine}; not thread-safe.
 */
final class PatternMatcher extends KeyedStates<PatternMatcher.KeyState> {
    static final class KeyState {
        List<PartialMatch> runs = new ArrayList<>();
        long events;
        long created;
        long suppressUntilMs = Long.MIN_VALUE;
    }

    private final CompiledRule rule;
    private final CompiledPattern pattern;
    private final SkipStrategy skip;
    private final EngineLimits limits;
    private long evicted;

    PatternMatcher(CompiledRule rule, Pattern pattern, EngineLimits limits) {
        this.rule = rule;
        this.pattern = new CompiledPattern(pattern, new ExprCompiler());
        this.skip = pattern.skip();
        this.limits = limits;
    }

    long evictedPartialMatches() {
        return evicted;
    }

    @Override
    public void onEvent(String key, Event e, long seq, long watermarkMs, List<Output> out) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        expire(key, state, e.eventTimeMs(), out);
        long index = state.events++;
        List<PartialMatch> next = new ArrayList<>();
        List<PartialMatch> completed = new ArrayList<>();
        for (PartialMatch run : state.runs) {
            advance(key, state, run, e, seq, index, next, completed);
        }
        CompiledStep first = pattern.steps.get(0);
        if (first.condition()
                .test(CompiledPattern.conditionScope(e, first.step().variable(), null, key))) {
            Binding binding = new Binding(first.step().variable(), e, seq, index, null);
            PartialMatch run = new PartialMatch(0, 1, false, binding, seq, e.eventTimeMs(), state.created++);
            next.add(run);
            if (pattern.minimumMet(run) && pattern.completion(0) == Completion.NOW) {
                completed.add(run);
            }
            if (pattern.withinMs != Long.MAX_VALUE) {
                timers.schedule(key, e.eventTimeMs() + pattern.withinMs);
            }
        }
        state.runs = next;
        emitCompleted(key, state, completed, out);
        enforceCap(state);
        // later events of this batch have event times >= this one, so a suppression that ended before it is over
        if (state.runs.isEmpty() && state.suppressUntilMs <= e.eventTimeMs()) {
            keys.remove(key);
        }
    }

    private void advance(
            String key,
            KeyState state,
            PartialMatch run,
            Event e,
            long seq,
            long index,
            List<PartialMatch> next,
            List<PartialMatch> completed) {
        boolean minimumMet = pattern.minimumMet(run);
        CompiledStep guard = minimumMet ? pattern.guard(run.step()) : null;
        if (guard != null && guard.condition().test(scope(e, guard, run, key))) {
            return; // the absent event occurred: this run can never match
        }
        boolean tookRelaxed = false;
        PartialMatch current = run;
        CompiledStep here = pattern.steps.get(run.step());
        if (pattern.canLoop(run)) {
            if (here.until() != null && here.until().test(scope(e, here, run, key))) {
                current = run.closeLoop();
                minimumMet = pattern.minimumMet(current);
                if (!minimumMet) {
                    return; // the loop ended before its minimum
                }
            } else if (here.condition().test(scope(e, here, run, key))) {
                PartialMatch looped = run.take(run.step(), bind(here, e, seq, index, run), state.created++);
                next.add(looped);
                if (pattern.completion(run.step()) == Completion.NOW && pattern.minimumMet(looped)) {
                    completed.add(looped);
                }
                tookRelaxed = true;
            }
        }
        if (minimumMet) {
            for (Entry entry : pattern.entries(current.step())) {
                if (entry.contiguity() == Contiguity.STRICT
                        && index != current.last().index() + 1) {
                    continue;
                }
                CompiledStep target = pattern.steps.get(entry.step());
                if (!target.condition().test(scope(e, target, current, key))) {
                    continue;
                }
                PartialMatch entered =
                        current.take(entry.step(), bind(target, e, seq, index, current), state.created++);
                next.add(entered);
                if (pattern.minimumMet(entered) && pattern.completion(entry.step()) == Completion.NOW) {
                    completed.add(entered);
                }
                if (entry.contiguity() != Contiguity.ANY) {
                    tookRelaxed = true;
                }
            }
        }
        if (!tookRelaxed && canWait(current, minimumMet)) {
            next.add(current); // ignored the event; after ->> entries it also stays for later matching events
        }
    }

    /** Whether a run that did not take the event survives it. */
    private boolean canWait(PartialMatch run, boolean minimumMet) {
        if (pattern.canLoop(run)) {
            return true; // loop iterations are relaxed
        }
        if (!minimumMet) {
            return false;
        }
        if (pattern.completion(run.step()) == Completion.AT_DEADLINE) {
            return true;
        }
        for (Entry entry : pattern.entries(run.step())) {
            if (entry.contiguity() != Contiguity.STRICT) {
                return true;
            }
        }
        return false;
    }

    private static Binding bind(CompiledStep step, Event e, long seq, long index, PartialMatch run) {
        return new Binding(step.step().variable(), e, seq, index, run.last());
    }

    private static Scope scope(Event e, CompiledStep step, PartialMatch run, String key) {
        return CompiledPattern.conditionScope(e, step.step().variable(), run.last(), key);
    }

    private void emitCompleted(String key, KeyState state, List<PartialMatch> completed, List<Output> out) {
        if (completed.isEmpty()) {
            return;
        }
        if (completed.size() > 1) {
            Map<PartialMatch, long[]> seqs = new IdentityHashMap<>();
            completed.sort(Comparator.comparingLong(PartialMatch::startSeq)
                    .thenComparing(
                            r -> seqs.computeIfAbsent(r, run -> run.last().seqs()), Arrays::compare));
        }
        if (skip instanceof SkipStrategy.NoSkip) {
            // no match discards another run, only itself when it cannot go on: emit them all, then drop those in one
            // pass (rebuilding the runs after each match made a burst of completions quadratic)
            Set<PartialMatch> finished = Collections.newSetFromMap(new IdentityHashMap<>());
            for (PartialMatch match : completed) {
                emit(key, state, match.last(), out);
                if (!canExtend(match)) {
                    finished.add(match);
                }
            }
            if (!finished.isEmpty()) {
                List<PartialMatch> survivors = new ArrayList<>(state.runs.size());
                for (PartialMatch run : state.runs) {
                    if (!finished.contains(run)) {
                        survivors.add(run);
                    }
                }
                state.runs = survivors;
            }
            return;
        }
        Set<PartialMatch> discarded = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PartialMatch match : completed) {
            if (discarded.contains(match)) {
                continue;
            }
            emit(key, state, match.last(), out);
            List<PartialMatch> survivors = new ArrayList<>();
            for (PartialMatch run : state.runs) {
                if (discards(match, run) || (run == match && !canExtend(run))) {
                    discarded.add(run);
                } else {
                    survivors.add(run);
                }
            }
            state.runs = survivors;
        }
    }

    /** Whether the skip strategy, after {@code match}, discards {@code run}. */
    private boolean discards(PartialMatch match, PartialMatch run) {
        long first = match.startSeq();
        long start = run.startSeq();
        return switch (skip) {
            case SkipStrategy.NoSkip n -> false;
            case SkipStrategy.ToNextEvent n -> start == first;
            case SkipStrategy.PastLastEvent p ->
                start >= first && start <= match.last().seq();
            case SkipStrategy.ToFirst f ->
                start >= first && start < match.last().firstSeq(f.variable());
            case SkipStrategy.ToLast l -> start >= first && start < match.last().lastSeq(l.variable());
        };
    }

    /** Whether a completed run could still grow into a longer match. */
    private boolean canExtend(PartialMatch run) {
        return pattern.canLoop(run) || !pattern.entries(run.step()).isEmpty();
    }

    private void emit(String key, KeyState state, Binding match, List<Output> out) {
        Event lastEvent = match.event();
        long ts = lastEvent.eventTimeMs();
        if (ts < state.suppressUntilMs) {
            return;
        }
        Scope scope = new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(lastEvent.fields().get(name));
            }

            @Override
            public Object field(String variable, String name) {
                Event source = match.last(variable);
                return source == null ? null : Values.normalize(source.fields().get(name));
            }

            @Override
            public Object scalar(String function) {
                return switch (function) {
                    case "event_time" -> ts;
                    case "rule_key" -> key;
                    default -> null;
                };
            }
        };
        String subject = rule.subject(key, matchName(match));
        out.add(rule.row(key, subject, subject, ts, rule.project(scope, lastEvent.fields())));
        if (rule.suppressMs >= 0) {
            state.suppressUntilMs = ts + rule.suppressMs;
            timers.schedule(key, state.suppressUntilMs);
        }
    }

    /** {@code m<first>..<last>#<hash of every bound event>}: the same events always give the same name. */
    static String matchName(Binding match) {
        long hash = 0xcbf29ce484222325L;
        StringBuilder all = new StringBuilder();
        for (Binding b = match; b != null; b = b.previous()) {
            all.append(b.variable()).append('=').append(b.event().coordinates()).append(';');
        }
        for (int i = 0; i < all.length(); i++) {
            hash = (hash ^ all.charAt(i)) * 0x100000001b3L;
        }
        return "m" + match.first().event().coordinates() + ".." + match.event().coordinates() + "#"
                + Long.toHexString(hash);
    }

    /** Drops runs past WITHIN at this event time; trailing-absence runs that survived that long match. */
    private void expire(String key, KeyState state, long timeMs, List<Output> out) {
        if (pattern.withinMs == Long.MAX_VALUE) {
            return;
        }
        List<PartialMatch> survivors = new ArrayList<>();
        List<PartialMatch> completed = new ArrayList<>();
        for (PartialMatch run : state.runs) {
            if (run.startTimeMs() + pattern.withinMs > timeMs) {
                survivors.add(run);
            } else if (pattern.minimumMet(run) && pattern.completion(run.step()) == Completion.AT_DEADLINE) {
                completed.add(run);
            }
        }
        state.runs = survivors;
        completed.sort(Comparator.comparingLong(PartialMatch::startSeq)
                .thenComparing(r -> r.last().seqs(), Arrays::compare));
        List<PartialMatch> skipped = new ArrayList<>();
        for (PartialMatch match : completed) {
            if (skipped.contains(match)) {
                continue;
            }
            emit(key, state, match.last(), out);
            for (PartialMatch other : completed) {
                if (other != match && discards(match, other)) {
                    skipped.add(other);
                }
            }
            state.runs.removeIf(run -> discards(match, run));
        }
    }

    private void enforceCap(KeyState state) {
        while (state.runs.size() > limits.maxPartialMatches()) {
            PartialMatch oldest = state.runs.stream()
                    .min(Comparator.comparingLong(PartialMatch::startSeq).thenComparingLong(PartialMatch::created))
                    .orElseThrow();
            state.runs.remove(oldest);
            evicted++;
        }
    }

    @Override
    public void onWatermark(long watermarkMs, List<Output> out) {
        for (Timers.Due due : timers.pollUpTo(watermarkMs)) {
            KeyState state = keys.get(due.key());
            if (state == null) {
                continue;
            }
            expire(due.key(), state, watermarkMs, out);
            if (state.runs.isEmpty() && state.suppressUntilMs <= watermarkMs) {
                keys.remove(due.key());
            }
        }
    }

    @Override
    public boolean acceptsLate(long eventTimeMs, long watermarkMs) {
        return false; // patterns never retract: late events go to <rule>.late
    }

    @Override
    long heldBy(KeyState state) {
        return state.runs.size();
    }

    /** Layout: the timers, the evicted-partial-match counter, then the keys. */
    @Override
    public void writeState(SnapshotWriter out) {
        timers.writeTo(out);
        out.writeLong(evicted);
        writeKeys(out);
    }

    @Override
    public void readState(SnapshotReader in) {
        timers.readFrom(in);
        evicted = in.readLong();
        readKeys(in);
    }

    /**
     * A key: its event counter (strict contiguity compares positions), its run counter and suppression deadline; then
     * its runs' bindings as tables, so that runs which share a binding prefix (or bind one event twice) share it again
     * after a restore: the events (each once), the bindings (variable, event index, seq, position, index of the
     * previous binding or -1; a binding always after its previous), and the runs, each naming its last binding.
     */
    @Override
    void writeKey(SnapshotWriter out, KeyState state) {
        out.writeLong(state.events);
        out.writeLong(state.created);
        out.writeLong(state.suppressUntilMs);
        Map<Binding, Integer> bindingIds = new IdentityHashMap<>();
        List<Binding> bindings = new ArrayList<>();
        for (PartialMatch run : state.runs) {
            List<Binding> unseen = new ArrayList<>();
            for (Binding b = run.last(); b != null && !bindingIds.containsKey(b); b = b.previous()) {
                unseen.add(b);
            }
            for (int i = unseen.size() - 1; i >= 0; i--) {
                bindingIds.put(unseen.get(i), bindings.size());
                bindings.add(unseen.get(i));
            }
        }
        Map<Event, Integer> eventIds = new IdentityHashMap<>();
        List<Event> events = new ArrayList<>();
        for (Binding b : bindings) {
            if (!eventIds.containsKey(b.event())) {
                eventIds.put(b.event(), events.size());
                events.add(b.event());
            }
        }
        out.writeInt(events.size());
        events.forEach(e -> EventCodec.write(out, e));
        out.writeInt(bindings.size());
        for (Binding b : bindings) {
            out.writeString(b.variable());
            out.writeInt(eventIds.get(b.event()));
            out.writeLong(b.seq());
            out.writeLong(b.index());
            out.writeInt(b.previous() == null ? -1 : bindingIds.get(b.previous()));
        }
        out.writeInt(state.runs.size());
        for (PartialMatch run : state.runs) {
            out.writeInt(run.step());
            out.writeInt(run.count());
            out.writeBoolean(run.loopClosed());
            out.writeInt(bindingIds.get(run.last()));
            out.writeLong(run.startSeq());
            out.writeLong(run.startTimeMs());
            out.writeLong(run.created());
        }
    }

    @Override
    KeyState readKey(SnapshotReader in, String key) {
        KeyState state = new KeyState();
        state.events = in.readLong();
        state.created = in.readLong();
        state.suppressUntilMs = in.readLong();
        int eventCount = in.readCount();
        List<Event> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events.add(EventCodec.read(in));
        }
        int bindingCount = in.readCount();
        List<Binding> bindings = new ArrayList<>(bindingCount);
        for (int i = 0; i < bindingCount; i++) {
            String variable = in.readString();
            Event event = events.get(index(in.readInt(), events.size(), "event"));
            long seq = in.readLong();
            long position = in.readLong();
            int previous = in.readInt();
            Binding before = previous == -1 ? null : bindings.get(index(previous, bindings.size(), "binding"));
            bindings.add(new Binding(variable, event, seq, position, before));
        }
        int runCount = in.readCount();
        for (int i = 0; i < runCount; i++) {
            int step = in.readInt();
            int count = in.readInt();
            boolean loopClosed = in.readBoolean();
            Binding last = bindings.get(index(in.readInt(), bindings.size(), "binding"));
            state.runs.add(
                    new PartialMatch(step, count, loopClosed, last, in.readLong(), in.readLong(), in.readLong()));
        }
        return state;
    }

    private static int index(int i, int size, String what) {
        if (i < 0 || i >= size) {
            throw new io.herald.cep.engine.snapshot.CorruptSnapshotException(
                    "a reference to " + what + " " + i + " of " + size);
        }
        return i;
    }
}
