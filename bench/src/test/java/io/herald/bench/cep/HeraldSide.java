package io.herald.bench.cep;

import io.herald.cep.engine.EngineLimits;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.Output;
import io.herald.cep.engine.RuleEngine;
import io.herald.cep.engine.RuleSet;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a case in Herald's engine: a RuleSet over topic {@code events}, a watermark before each timed event. */
final class HeraldSide {
    private HeraldSide() {}

    static EngineRun run(BenchRule rule, List<Map<String, Object>> events) {
        long[] latencies = EngineRun.latencySamples(events.size()); // before the heap baseline: not the engine's
        long heapBefore = EngineRun.usedHeapAfterGc();
        RuleSet set = new RuleSet();
        List<RuleEngine> engines = new ArrayList<>();
        for (String text : rule.heraldRules()) {
            engines.add(set.add(RuleText.parse(text), new EngineLimits(1_000_000, 1_000)));
        }
        long matches = 0;
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> fields = events.get(i);
            boolean sampled = EngineRun.sampled(i);
            long t0 = sampled ? System.nanoTime() : 0;
            long ts = (Long) fields.get("ts");
            if (rule.timed()) {
                for (RuleEngine engine : engines) matches += rows(engine.onWatermark(ts - 1));
            }
            matches += rows(set.onEvent(new Event("events", 0, i, ts, (String) fields.get("key"), fields)));
            if (sampled) latencies[EngineRun.sampleIndex(i)] = System.nanoTime() - t0;
        }
        long elapsed = System.nanoTime() - start;
        long retained = EngineRun.usedHeapAfterGc() - heapBefore;
        if (rule.timed()) {
            // what the end of time releases (absences that completed) counts as matches too, outside the timing
            for (RuleEngine engine : engines) matches += rows(engine.onWatermark(Long.MAX_VALUE / 2));
        }
        return EngineRun.of("herald", matches, events.size(), elapsed, latencies, retained);
    }

    private static long rows(List<Output> outputs) {
        long rows = 0;
        for (Output o : outputs) if (o.kind() == Output.Kind.ROW) rows++;
        return rows;
    }
}
