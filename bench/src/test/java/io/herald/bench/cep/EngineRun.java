package io.herald.bench.cep;

import java.util.Arrays;

/**
 * What one engine did with one case: matches, throughput, the per-event latency distribution (the time of the call
 * that handed it one event, and for timed cases the time advance before it) and the heap it holds afterwards.
 */
record EngineRun(
        String engine,
        long matches,
        double eventsPerSecond,
        double p50Micros,
        double p99Micros,
        long retainedHeapBytes) {

    static EngineRun of(String engine, long matches, long elapsedNanos, long[] perEventNanos, long retainedHeapBytes) {
        long[] sorted = perEventNanos.clone();
        Arrays.sort(sorted);
        return new EngineRun(
                engine,
                matches,
                sorted.length / (elapsedNanos / 1e9),
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3,
                retainedHeapBytes);
    }

    /** Heap in use after a full GC: the measure of what an engine still holds. */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
