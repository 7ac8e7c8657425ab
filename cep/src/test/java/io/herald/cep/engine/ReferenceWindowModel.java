package io.herald.cep.engine;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.EmitMode;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The window semantics of docs/cep.md written the slow, obvious way: keep every accepted event; after each one
 * recompute every window of the key from scratch and compare with what was emitted. Only the expression evaluator
 * is shared with the engine; windows, aggregates, lateness, emission and ordering are computed here independently.
 */
final class ReferenceWindowModel {
    private record Processed(Event event, long seq) {}

    /** A window as computed from scratch: its bounds and its members in processing order. */
    private record Win(long start, long end, List<Processed> members) {
        long maxTime() {
            return members.stream()
                    .mapToLong(p -> p.event().eventTimeMs())
                    .max()
                    .orElseThrow();
        }

        Processed latest() {
            return members.get(members.size() - 1);
        }
    }

    private final CompiledRule rule;
    private final Window window;
    private final EmitMode mode;
    private final long latenessMs;

    private long watermarkMs = Long.MIN_VALUE;
    private long seq;
    private final List<Event> buffer = new ArrayList<>();
    private final Map<String, List<Processed>> accepted = new TreeMap<>();
    private final Set<String> finalized = new HashSet<>();
    private final Set<String> fired = new HashSet<>();
    private final Set<Long> firedSeqs = new HashSet<>();
    private final Map<String, Map<String, Object>> lastEmitted = new HashMap<>();
    private final Map<String, Integer> changes = new HashMap<>();
    private final Map<String, Long> suppressUntil = new HashMap<>();

    ReferenceWindowModel(Rule rule) {
        this.rule = new CompiledRule(rule);
        this.window = ((Body.Windowed) rule.body()).window();
        this.mode = rule.emit().mode();
        this.latenessMs = rule.source().allowedLateness().toMillis();
    }

    List<Output> onEvent(Event e) {
        List<Output> out = new ArrayList<>();
        String key = rule.keyOf(e);
        if (!rule.where.test(CompiledRule.eventScope(e, key))) {
            return out;
        }
        if (e.eventTimeMs() < watermarkMs) {
            if (e.eventTimeMs() >= watermarkMs - latenessMs) {
                process(key, e, out);
            } else {
                out.add(rule.late(key, e));
            }
        } else {
            buffer.add(e);
        }
        return out;
    }

    List<Output> onWatermark(long w) {
        List<Output> out = new ArrayList<>();
        if (w <= watermarkMs) {
            return out;
        }
        watermarkMs = w;
        List<Event> released = buffer.stream()
                .filter(e -> e.eventTimeMs() < w)
                .sorted(Event.PROCESSING_ORDER)
                .toList();
        buffer.removeAll(released);
        for (Event e : released) {
            process(rule.keyOf(e), e, out);
        }
        if (window instanceof Window.Range) {
            return out;
        }
        record Closing(long closeAt, String key, Win win) {}
        List<Closing> closing = new ArrayList<>();
        accepted.forEach((key, events) -> {
            for (Win win : windows(key)) {
                if (win.end() + latenessMs <= w) {
                    closing.add(new Closing(win.end() + latenessMs, key, win));
                }
            }
        });
        closing.sort(Comparator.comparingLong(Closing::closeAt)
                .thenComparing(Closing::key)
                .thenComparingLong(c -> c.win().start()));
        for (Closing c : closing) {
            String subject = subject(c.key(), c.win());
            finalized.add(subject);
            if (mode == EmitMode.FINAL && having(c.key(), c.win())) {
                out.add(rule.row(c.key(), subject, subject, c.win().maxTime(), project(c.key(), c.win())));
            }
        }
        return out;
    }

    private void process(String key, Event e, List<Output> out) {
        Map<String, Win> before = window instanceof Window.Range ? Map.of() : bySubject(key);
        Processed p = new Processed(e, seq++);
        accepted.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        if (window instanceof Window.Range r) {
            long range = r.length().toMillis();
            List<Processed> members = accepted.get(key).stream()
                    .filter(q -> q.event().eventTimeMs() > e.eventTimeMs() - range
                            && q.event().eventTimeMs() <= e.eventTimeMs())
                    .toList();
            // the event itself is last in processing order, so it supplies the bare fields
            List<Processed> ordered = new ArrayList<>(members);
            ordered.remove(p);
            ordered.add(p);
            Win win = new Win(e.eventTimeMs() - range + 1, e.eventTimeMs() + 1, ordered);
            if (having(key, win) && !suppressed(key, e)) {
                String subject = rule.subject(key, "e" + e.coordinates());
                out.add(rule.row(key, subject, subject, e.eventTimeMs(), project(key, win, e.eventTimeMs())));
                suppress(key, e);
            }
            return;
        }
        Map<String, Win> after = bySubject(key);
        if (mode == EmitMode.ON_MATCH) {
            for (Map.Entry<String, Win> entry : after.entrySet()) {
                Win win = entry.getValue();
                if (!win.members().contains(p) || isFired(entry.getKey(), win) || !having(key, win)) {
                    continue;
                }
                if (suppressed(key, e)) {
                    continue;
                }
                out.add(rule.row(key, entry.getKey(), entry.getKey(), e.eventTimeMs(), project(key, win)));
                fired.add(entry.getKey());
                win.members().forEach(m -> firedSeqs.add(m.seq()));
                suppress(key, e);
            }
        } else if (mode == EmitMode.CHANGES) {
            Set<String> subjects = new HashSet<>(before.keySet());
            subjects.addAll(after.keySet());
            List<String> ordered = subjects.stream()
                    .sorted(Comparator.comparingLong(
                            s -> (after.containsKey(s) ? after : before).get(s).start()))
                    .toList();
            for (String s : ordered) {
                if (lastEmitted.get(s) == null) {
                    continue;
                }
                Win now = after.get(s);
                if (now == null) {
                    out.add(rule.retraction(
                            key,
                            s,
                            s + "/" + changes.merge(s, 1, Integer::sum),
                            before.get(s).maxTime()));
                    lastEmitted.remove(s);
                } else if (!having(key, now)) {
                    out.add(rule.retraction(key, s, s + "/" + changes.merge(s, 1, Integer::sum), now.maxTime()));
                    lastEmitted.remove(s);
                }
            }
            for (String s : ordered) {
                Win now = after.get(s);
                if (now == null || !now.members().contains(p) || !having(key, now)) {
                    continue;
                }
                Map<String, Object> row = project(key, now);
                if (!row.equals(lastEmitted.get(s))) {
                    out.add(rule.row(key, s, s + "/" + changes.merge(s, 1, Integer::sum), now.maxTime(), row));
                    lastEmitted.put(s, row);
                }
            }
        }
    }

    private boolean isFired(String subject, Win win) {
        if (window instanceof Window.Session) {
            return win.members().stream().anyMatch(m -> firedSeqs.contains(m.seq()));
        }
        return fired.contains(subject);
    }

    private boolean suppressed(String key, Event e) {
        return e.eventTimeMs() < suppressUntil.getOrDefault(key, Long.MIN_VALUE);
    }

    private void suppress(String key, Event e) {
        if (rule.suppressMs >= 0) {
            suppressUntil.put(key, e.eventTimeMs() + rule.suppressMs);
        }
    }

    private Map<String, Win> bySubject(String key) {
        Map<String, Win> map = new LinkedHashMap<>();
        for (Win w : windows(key)) {
            map.put(subject(key, w), w);
        }
        return map;
    }

    private String subject(String key, Win w) {
        return rule.subject(key, "w" + w.start() + "-" + w.end());
    }

    /** Every window of the key that is not final yet, in start order. */
    private List<Win> windows(String key) {
        List<Processed> events = accepted.getOrDefault(key, List.of());
        TreeMap<Long, Win> wins = new TreeMap<>();
        switch (window) {
            case Window.Tumbling t ->
                group(events, wins, t.size().toMillis(), t.size().toMillis());
            case Window.Hopping h ->
                group(events, wins, h.size().toMillis(), h.advance().toMillis());
            case Window.Session s -> {
                long gap = s.gap().toMillis();
                List<Processed> sorted = events.stream()
                        .sorted(Comparator.comparingLong(
                                (Processed q) -> q.event().eventTimeMs()))
                        .toList();
                List<Processed> current = new ArrayList<>();
                for (Processed q : sorted) {
                    if (!current.isEmpty()
                            && q.event().eventTimeMs()
                                            - current.get(current.size() - 1)
                                                    .event()
                                                    .eventTimeMs()
                                    >= gap) {
                        addSession(current, gap, wins);
                        current = new ArrayList<>();
                    }
                    current.add(q);
                }
                if (!current.isEmpty()) {
                    addSession(current, gap, wins);
                }
            }
            case Window.Range r -> throw new IllegalStateException("RANGE has no standing windows");
        }
        return wins.values().stream()
                .filter(w -> !finalized.contains(subject(key, w)))
                .toList();
    }

    private static void addSession(List<Processed> members, long gap, TreeMap<Long, Win> wins) {
        long first = members.get(0).event().eventTimeMs();
        long last = members.get(members.size() - 1).event().eventTimeMs();
        List<Processed> bySeq = new ArrayList<>(members);
        bySeq.sort(Comparator.comparingLong(Processed::seq));
        wins.put(first, new Win(first, last + gap, bySeq));
    }

    private static void group(List<Processed> events, TreeMap<Long, Win> wins, long size, long advance) {
        for (Processed q : events) {
            long ts = q.event().eventTimeMs();
            for (long start = Math.floorDiv(ts, advance) * advance; start > ts - size; start -= advance) {
                wins.computeIfAbsent(start, s -> new Win(s, s + size, new ArrayList<>()))
                        .members()
                        .add(q);
            }
        }
    }

    private boolean having(String key, Win win) {
        return rule.having.test(scope(key, win, win.maxTime()));
    }

    private Map<String, Object> project(String key, Win win) {
        return project(key, win, win.maxTime());
    }

    private Map<String, Object> project(String key, Win win, long eventTime) {
        return rule.project(scope(key, win, eventTime), win.latest().event().fields());
    }

    private Scope scope(String key, Win win, long eventTime) {
        return new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(win.latest().event().fields().get(name));
            }

            @Override
            public Object aggregate(int slot) {
                return compute(rule.aggregates.get(slot), key, win);
            }

            @Override
            public Object scalar(String function) {
                return switch (function) {
                    case "window_start" -> win.start();
                    case "window_end" -> win.end();
                    case "event_time" -> eventTime;
                    case "rule_key" -> key;
                    default -> null;
                };
            }
        };
    }

    private static Object compute(AggregateCall call, String key, Win win) {
        List<Object> values = new ArrayList<>();
        for (Processed p : win.members()) {
            values.add(call.argument() == null ? null : call.argument().eval(CompiledRule.eventScope(p.event(), key)));
        }
        List<Object> present = values.stream().filter(Objects::nonNull).toList();
        switch (call.function()) {
            case "count":
                if (call.argument() == null) {
                    return (long) values.size();
                }
                return call.distinct() ? (long) new HashSet<>(present).size() : (long) present.size();
            case "sum", "avg": {
                List<Number> numbers = present.stream()
                        .filter(v -> v instanceof Number)
                        .map(v -> (Number) v)
                        .toList();
                if (numbers.isEmpty()) {
                    return null;
                }
                long longSum = numbers.stream()
                        .filter(n -> n instanceof Long)
                        .mapToLong(Number::longValue)
                        .sum();
                boolean anyDouble = numbers.stream().anyMatch(n -> !(n instanceof Long));
                if (anyDouble) {
                    throw new IllegalStateException("the reference only sums Longs");
                }
                return call.function().equals("sum") ? (Object) longSum : (Object) ((double) longSum / numbers.size());
            }
            case "min":
                return present.stream().min(Values.ORDER).orElse(null);
            case "max":
                return present.stream().max(Values.ORDER).orElse(null);
            default: {
                List<Object> sorted = present.stream()
                        .filter(v -> v instanceof Number)
                        .sorted(Values.ORDER)
                        .toList();
                if (sorted.isEmpty()) {
                    return null;
                }
                long rank = Math.max(1, (long) Math.ceil(call.percentile() * sorted.size()));
                return sorted.get((int) rank - 1);
            }
        }
    }
}
