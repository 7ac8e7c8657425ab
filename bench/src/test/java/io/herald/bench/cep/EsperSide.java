package io.herald.bench.cep;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a case in Esper 9 (GPL-2.0: used by this benchmark only, never shipped): the statements compiled into one
 * module, a listener counting new events, external time advanced to each event's time before it is sent.
 */
final class EsperSide {
    private static int runtimes;

    private EsperSide() {}

    static EngineRun run(BenchRule rule, List<Map<String, Object>> events) throws Exception {
        long[] latencies = EngineRun.latencySamples(events.size()); // before the heap baseline: not the engine's
        long heapBefore = EngineRun.usedHeapAfterGc();
        Configuration config = new Configuration();
        config.getCommon()
                .addEventType(
                        "E",
                        Map.of(
                                "key", String.class,
                                "type", String.class,
                                "amount", Double.class,
                                "category", String.class,
                                "ts", Long.class));
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        EPCompiled compiled = EPCompilerProvider.getCompiler()
                .compile(String.join(";\n", rule.eplStatements()), new CompilerArguments(config));
        EPRuntime runtime = EPRuntimeProvider.getRuntime("bench-" + (++runtimes), config);
        try {
            runtime.initialize();
            EPEventService service = runtime.getEventService();
            service.advanceTime((Long) events.getFirst().get("ts") - 1);
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            AtomicLong matches = new AtomicLong();
            for (EPStatement statement : deployment.getStatements()) {
                statement.addListener((newEvents, oldEvents, s, rt) -> {
                    if (newEvents != null) matches.addAndGet(newEvents.length);
                });
            }
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                Map<String, Object> event = events.get(i);
                boolean sampled = EngineRun.sampled(i);
                long t0 = sampled ? System.nanoTime() : 0;
                if (rule.timed()) service.advanceTime((Long) event.get("ts"));
                service.sendEventMap(event, "E");
                if (sampled) latencies[EngineRun.sampleIndex(i)] = System.nanoTime() - t0;
            }
            long elapsed = System.nanoTime() - start;
            long retained = EngineRun.usedHeapAfterGc() - heapBefore;
            if (rule.timed()) service.advanceTime((Long) events.getLast().get("ts") + 3_600_000L);
            return EngineRun.of("esper", matches.get(), events.size(), elapsed, latencies, retained);
        } finally {
            runtime.destroy();
        }
    }
}
