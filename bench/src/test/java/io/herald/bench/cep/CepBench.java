package io.herald.bench.cep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Herald's CEP engine against Esper 9 on the same pre-generated events (issue 7's benchmark; see bench/README.md).
 * Per case: an unrecorded warm-up run of both, then {@code --reps} recorded repetitions in which the engines take
 * turns, the first engine alternating with the repetition (Herald first in odd ones, Esper in even ones), so that
 * neither always runs on the heap and JIT state the other left.
 *
 * <pre>
 * bench/run-cep-bench.sh [--events 1000000] [--keys 1000,100000] [--step-ms 10] [--reps 3]
 *                        [--cases filter-1,a-not-b-10m]
 * </pre>
 *
 * Prints one {@code run} line per engine and repetition (matches, events/s, p50 and p99 per-event latency in µs, heap
 * per key), then per case a {@code median} line per engine (median and min..max over the repetitions) and a
 * {@code ratio} line: Herald's median events/s over Esper's, and whether the match counts agreed in every
 * repetition. Exits 1 when they did not.
 */
public final class CepBench {
    private CepBench() {}

    public static void main(String[] args) throws Exception {
        int eventCount = 1_000_000;
        List<Integer> keyCounts = List.of(1_000, 100_000);
        long stepMs = 10;
        int reps = 3;
        List<String> cases = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> eventCount = Integer.parseInt(args[i + 1]);
                case "--keys" ->
                    keyCounts = Arrays.stream(args[i + 1].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--step-ms" -> stepMs = Long.parseLong(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--cases" -> cases = List.of(args[i + 1].split(","));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + "; use --events, --keys, --step-ms, --reps or --cases");
            }
        }
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be >= 1, was " + reps);
        }
        System.out.printf("# %d repetitions per case, engines alternating which goes first%n", reps);
        boolean allEqual = true;
        for (int keys : keyCounts) {
            List<Map<String, Object>> events = EventStream.generate(eventCount, keys, stepMs);
            List<Map<String, Object>> warmup = events.subList(0, Math.min(events.size(), 100_000));
            for (BenchRule rule : BenchRule.all()) {
                if (cases != null && !cases.contains(rule.name())) continue;
                HeraldSide.run(rule, warmup);
                EsperSide.run(rule, warmup);
                List<EngineRun> herald = new ArrayList<>();
                List<EngineRun> esper = new ArrayList<>();
                boolean equal = true;
                for (int rep = 1; rep <= reps; rep++) {
                    EngineRun h;
                    EngineRun e;
                    if (rep % 2 == 1) {
                        h = HeraldSide.run(rule, events);
                        e = EsperSide.run(rule, events);
                    } else {
                        e = EsperSide.run(rule, events);
                        h = HeraldSide.run(rule, events);
                    }
                    herald.add(h);
                    esper.add(e);
                    for (EngineRun run : List.of(h, e)) {
                        printRun(rule, keys, events.size(), rep, run);
                    }
                    if (h.matches() != e.matches()) {
                        equal = false;
                        System.out.printf(
                                "case=%s keys=%d rep=%d MATCH COUNTS DIFFER herald=%d esper=%d%n",
                                rule.name(), keys, rep, h.matches(), e.matches());
                    }
                }
                allEqual &= equal;
                Spread heraldRate = printMedians(rule, keys, herald);
                Spread esperRate = printMedians(rule, keys, esper);
                System.out.printf(
                        "ratio case=%s keys=%d herald/esper=%.2f (medians of %d) matches_equal=%s%n",
                        rule.name(), keys, heraldRate.median() / esperRate.median(), reps, equal);
            }
        }
        if (!allEqual) {
            System.out.println("# the match counts differ in some repetition: the figures compare different work");
            System.exit(1);
        }
    }

    private static void printRun(BenchRule rule, int keys, int events, int rep, EngineRun run) {
        System.out.printf(
                "run case=%s keys=%d events=%d rep=%d engine=%s matches=%d events_per_s=%.0f p50_us=%.2f p99_us=%.2f"
                        + " heap_bytes_per_key=%d%n",
                rule.name(),
                keys,
                events,
                rep,
                run.engine(),
                run.matches(),
                run.eventsPerSecond(),
                run.p50Micros(),
                run.p99Micros(),
                Math.max(0, run.retainedHeapBytes()) / keys);
    }

    /** Prints an engine's medians and ranges for a case; returns its events/s. */
    private static Spread printMedians(BenchRule rule, int keys, List<EngineRun> runs) {
        Spread rate = Spread.of(runs.stream().map(EngineRun::eventsPerSecond).toList());
        Spread p99 = Spread.of(runs.stream().map(EngineRun::p99Micros).toList());
        Spread heap = Spread.of(runs.stream()
                .map(r -> (double) (Math.max(0, r.retainedHeapBytes()) / keys))
                .toList());
        System.out.printf(
                "median case=%s keys=%d engine=%s matches=%d events_per_s=%s p99_us=%s heap_bytes_per_key=%s%n",
                rule.name(),
                keys,
                runs.getFirst().engine(),
                runs.getFirst().matches(),
                rate.text("%.0f"),
                p99.text("%.2f"),
                heap.text("%.0f"));
        return rate;
    }
}
