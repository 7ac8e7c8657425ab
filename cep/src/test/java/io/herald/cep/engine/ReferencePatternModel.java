package io.herald.cep.engine;

import io.herald.cep.engine.CompiledPattern.CompiledStep;
import io.herald.cep.engine.CompiledPattern.Completion;
import io.herald.cep.engine.CompiledPattern.Entry;
import io.herald.cep.engine.expr.ExprCompiler;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.SkipStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Patterns the slow way, for one key and events in processing order: enumerate every labelled subsequence of the
 * events by depth-first search, keep those whose every gap obeys the contiguity rules of docs/cep.md ("an ignored event
 * must be one the run was allowed to ignore"), then apply the skip strategy to the complete ones in completion order.
 * Shares only the pattern's compiled conditions and static structure with the engine, not its run bookkeeping.
 * A trailing NOT completes at the WITHIN deadline if the run could ignore every event before it.
 */
final class ReferencePatternModel {
    /**
     * A labelled subsequence: the picked event indexes and the step of each; it completes on event
     * {@code completedAt}, or (a trailing NOT) just before that event is processed when {@code atDeadline}.
     */
    private record Candidate(int[] picks, int[] steps, int completedAt, boolean atDeadline) {
        long start() {
            return picks[0];
        }
    }

    private final CompiledRule rule;
    private final CompiledPattern pattern;
    private final SkipStrategy skip;

    ReferencePatternModel(Rule rule) {
        this.rule = new CompiledRule(rule);
        Pattern p = ((Body.Matching) rule.body()).pattern();
        this.pattern = new CompiledPattern(p, new ExprCompiler());
        this.skip = p.skip();
    }

    List<Output> matches(String key, List<Event> events) {
        List<Candidate> complete = new ArrayList<>();
        for (int first = 0; first < events.size(); first++) {
            if (holds(pattern.steps.get(0), events.get(first), new int[0], new int[0], events)) {
                extend(events, new int[] {first}, new int[] {0}, complete);
            }
        }
        complete.sort(Comparator.comparingInt(Candidate::completedAt)
                .thenComparing(c -> !c.atDeadline())
                .thenComparingLong(Candidate::start)
                .thenComparing(Candidate::picks, Arrays::compare));
        List<Output> out = new ArrayList<>();
        List<long[]> discardedRanges = new ArrayList<>();
        for (Candidate c : complete) {
            if (discardedRanges.stream().anyMatch(r -> c.start() >= r[0] && c.start() <= r[1])) {
                continue;
            }
            out.add(row(key, c, events));
            long[] range = discardRange(c);
            if (range != null) {
                discardedRanges.add(range);
            }
        }
        return out;
    }

    private long[] discardRange(Candidate c) {
        long first = c.picks()[0];
        long last = c.picks()[c.picks().length - 1];
        return switch (skip) {
            case SkipStrategy.NoSkip n -> null;
            case SkipStrategy.ToNextEvent n -> new long[] {first, first};
            case SkipStrategy.PastLastEvent p -> new long[] {first, last};
            case SkipStrategy.ToFirst f -> new long[] {first, bound(c, f.variable(), true) - 1};
            case SkipStrategy.ToLast l -> new long[] {first, bound(c, l.variable(), false) - 1};
        };
    }

    private long bound(Candidate c, String variable, boolean first) {
        long found = -1;
        for (int i = 0; i < c.picks().length; i++) {
            if (pattern.steps.get(c.steps()[i]).step().variable().equals(variable)) {
                found = c.picks()[i];
                if (first) {
                    return found;
                }
            }
        }
        return found;
    }

    /** Depth-first: try every later event as the next pick, in the same step or a reachable one. */
    private void extend(List<Event> events, int[] picks, int[] steps, List<Candidate> complete) {
        int n = picks.length;
        int step = steps[n - 1];
        int count = countInStep(steps);
        if (count >= min(step) && pattern.completion(step) == Completion.NOW) {
            complete.add(new Candidate(picks, steps, picks[n - 1], false));
        }
        if (count >= min(step) && pattern.completion(step) == Completion.AT_DEADLINE) {
            int emitAt = survivesUntilDeadline(events, picks, steps);
            if (emitAt >= 0) {
                complete.add(new Candidate(picks, steps, emitAt, true));
            }
        }
        for (int next = picks[n - 1] + 1; next < events.size(); next++) {
            if (events.get(next).eventTimeMs() - events.get(picks[0]).eventTimeMs() >= pattern.withinMs) {
                return;
            }
            for (int target = step; target < pattern.steps.size(); target++) {
                if (allowed(events, picks, steps, next, target)) {
                    extend(events, append(picks, next), append(steps, target), complete);
                }
            }
        }
    }

    /**
     * For a run waiting on a trailing NOT: the index of the first event at or past the deadline (the number of events
     * if none) when the run can ignore every event before the deadline, else -1.
     */
    private int survivesUntilDeadline(List<Event> events, int[] picks, int[] steps) {
        int step = steps[steps.length - 1];
        int count = countInStep(steps);
        boolean closed = false;
        long deadline = events.get(picks[0]).eventTimeMs() + pattern.withinMs;
        CompiledStep here = pattern.steps.get(step);
        CompiledStep guard = pattern.guard(step);
        for (int z = picks[picks.length - 1] + 1; z < events.size(); z++) {
            Event e = events.get(z);
            if (e.eventTimeMs() >= deadline) {
                return z;
            }
            if (holds(guard, e, picks, steps, events)) {
                return -1; // the absent event occurred
            }
            boolean canLoop = !closed && count < max(step);
            if (canLoop && here.until() != null && here.until().test(scope(here, e, picks, steps, events))) {
                closed = true;
            } else if (canLoop && holds(here, e, picks, steps, events)) {
                return -1; // the loop took the event: a longer run carries on instead of this one
            }
        }
        return events.size();
    }

    /** Whether the run made of picks/steps can ignore every event before {@code next} and then take it into target. */
    private boolean allowed(List<Event> events, int[] picks, int[] steps, int next, int target) {
        int step = steps[steps.length - 1];
        int count = countInStep(steps);
        boolean closed = false;
        int last = picks[picks.length - 1];
        for (int z = last + 1; z <= next; z++) {
            Event e = events.get(z);
            boolean minimumMet = count >= min(step);
            CompiledStep guard = minimumMet ? pattern.guard(step) : null;
            if (guard != null && holds(guard, e, picks, steps, events)) {
                return false;
            }
            CompiledStep here = pattern.steps.get(step);
            boolean canLoop = !closed && count < max(step);
            if (canLoop && here.until() != null && here.until().test(scope(here, e, picks, steps, events))) {
                closed = true;
                canLoop = false;
                if (count < min(step)) {
                    return false;
                }
            }
            boolean loopTakes = canLoop && holds(here, e, picks, steps, events);
            if (z == next) {
                if (target == step) {
                    return loopTakes;
                }
                if (count < min(step)) {
                    return false;
                }
                for (Entry entry : pattern.entries(step)) {
                    if (entry.step() == target) {
                        boolean contiguous = entry.contiguity() != Contiguity.STRICT || next == last + 1;
                        return contiguous && holds(pattern.steps.get(target), e, picks, steps, events);
                    }
                }
                return false;
            }
            // z is ignored: only allowed if no loop or relaxed entry would have consumed it, and the run can wait
            if (loopTakes) {
                return false;
            }
            boolean canWait = canLoop;
            if (count >= min(step)) {
                for (Entry entry : pattern.entries(step)) {
                    boolean reachable = entry.contiguity() != Contiguity.STRICT || z == last + 1;
                    if (entry.contiguity() != Contiguity.ANY
                            && reachable
                            && holds(pattern.steps.get(entry.step()), e, picks, steps, events)) {
                        return false; // a relaxed (or strict, when adjacent) move would have consumed it
                    }
                    canWait |= entry.contiguity() != Contiguity.STRICT;
                }
            }
            if (!canWait) {
                return false;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private boolean holds(CompiledStep step, Event e, int[] picks, int[] steps, List<Event> events) {
        return step.condition().test(scope(step, e, picks, steps, events));
    }

    private Scope scope(CompiledStep step, Event e, int[] picks, int[] steps, List<Event> events) {
        String own = step.step().variable();
        return new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(e.fields().get(name));
            }

            @Override
            public Object field(String variable, String name) {
                Event source = variable.equals(own) ? e : lastBound(variable, picks, steps, events);
                return source == null ? null : Values.normalize(source.fields().get(name));
            }
        };
    }

    private Event lastBound(String variable, int[] picks, int[] steps, List<Event> events) {
        for (int i = picks.length - 1; i >= 0; i--) {
            if (pattern.steps.get(steps[i]).step().variable().equals(variable)) {
                return events.get(picks[i]);
            }
        }
        return null;
    }

    private Output row(String key, Candidate c, List<Event> events) {
        Event last = events.get(c.picks()[c.picks().length - 1]);
        Scope scope = new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(last.fields().get(name));
            }

            @Override
            public Object field(String variable, String name) {
                Event source = lastBound(variable, c.picks(), c.steps(), events);
                return source == null ? null : Values.normalize(source.fields().get(name));
            }

            @Override
            public Object scalar(String function) {
                return function.equals("event_time") ? last.eventTimeMs() : key;
            }
        };
        Binding chain = null;
        for (int i = 0; i < c.picks().length; i++) {
            Event e = events.get(c.picks()[i]);
            chain = new Binding(pattern.steps.get(c.steps()[i]).step().variable(), e, c.picks()[i], i, chain);
        }
        String subject = rule.subject(key, PatternMatcher.matchName(chain));
        return rule.row(key, subject, subject, last.eventTimeMs(), rule.project(scope, last.fields()));
    }

    private int countInStep(int[] steps) {
        int step = steps[steps.length - 1];
        int count = 0;
        for (int i = steps.length - 1; i >= 0 && steps[i] == step; i--) {
            count++;
        }
        return count;
    }

    private int min(int step) {
        return pattern.steps.get(step).step().quantifier().min();
    }

    private int max(int step) {
        return pattern.steps.get(step).step().quantifier().max();
    }

    private static int[] append(int[] array, int value) {
        int[] out = Arrays.copyOf(array, array.length + 1);
        out[array.length] = value;
        return out;
    }
}
