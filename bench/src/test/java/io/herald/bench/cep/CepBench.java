package io.herald.bench.cep;

import java.util.List;
import java.util.Map;

/**
 * Herald's CEP engine against Esper 9 on the same pre-generated events, one case at a time, each engine run in turn
 * after an unrecorded warm-up run of both (issue 7's benchmark; see bench/README.md).
 *
 * <pre>
 * bench/run-cep-bench.sh [--events 1000000] [--keys 1000,100000] [--step-ms 10] [--cases filter-1,a-not-b-10m]
 * </pre>
 *
 * Prints one line per engine and case: matches, events/s, p50 and p99 per-event latency (µs), and the heap the engine
 * still holds after the run per key; then whether the match counts agree.
 */
public final class CepBench {
    private CepBench() {}

    public static void main(String[] args) throws Exception {
        int eventCount = 1_000_000;
        List<Integer> keyCounts = List.of(1_000, 100_000);
        long stepMs = 10;
        List<String> cases = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> eventCount = Integer.parseInt(args[i + 1]);
                case "--keys" ->
                    keyCounts = java.util.Arrays.stream(args[i + 1].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--step-ms" -> stepMs = Long.parseLong(args[i + 1]);
                case "--cases" -> cases = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int keys : keyCounts) {
            List<Map<String, Object>> events = EventStream.generate(eventCount, keys, stepMs);
            List<Map<String, Object>> warmup = events.subList(0, Math.min(events.size(), 100_000));
            for (BenchRule rule : BenchRule.all()) {
                if (cases != null && !cases.contains(rule.name())) continue;
                HeraldSide.run(rule, warmup);
                EsperSide.run(rule, warmup);
                EngineRun herald = HeraldSide.run(rule, events);
                EngineRun esper = EsperSide.run(rule, events);
                for (EngineRun run : List.of(herald, esper)) {
                    System.out.printf(
                            "case=%s keys=%d events=%d engine=%s matches=%d events_per_s=%.0f p50_us=%.2f p99_us=%.2f"
                                    + " heap_bytes_per_key=%d%n",
                            rule.name(),
                            keys,
                            events.size(),
                            run.engine(),
                            run.matches(),
                            run.eventsPerSecond(),
                            run.p50Micros(),
                            run.p99Micros(),
                            Math.max(0, run.retainedHeapBytes()) / keys);
                }
                System.out.printf(
                        "case=%s keys=%d herald/esper=%.2f matches_equal=%s%n",
                        rule.name(),
                        keys,
                        herald.eventsPerSecond() / esper.eventsPerSecond(),
                        herald.matches() == esper.matches());
            }
        }
    }
}
