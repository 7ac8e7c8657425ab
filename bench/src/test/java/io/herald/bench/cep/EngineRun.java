package io.herald.bench.cep;

import java.util.Arrays;

/**
 * What one engine did with one case: matches, throughput, the per-event latency distribution (the time of the call
 * that handed it one event, and for timed cases the time advance before it) and the heap it holds afterwards.
 *
 * <p>Latency is measured on one event in {@link #SAMPLE_EVERY}: two {@code System.nanoTime()} calls per event were a
 * large part of the time measured at millions of events per second, for both engines, and flattened their ratio.
 */
record EngineRun(
        String engine,
        long matches,
        double eventsPerSecond,
        double p50Micros,
        double p99Micros,
        long retainedHeapBytes) {

    /** One event in this many has its latency measured (a power of two). */
    static final int SAMPLE_EVERY = 64;

    /** Whether the {@code i}th event is one whose latency is measured. */
    static boolean sampled(int i) {
        return (i & (SAMPLE_EVERY - 1)) == 0;
    }

    /** Room for the latencies of {@code eventCount} events. */
    static long[] latencySamples(int eventCount) {
        return new long[(eventCount + SAMPLE_EVERY - 1) / SAMPLE_EVERY];
    }

    /** Where the {@code i}th event's latency goes, if {@link #sampled}. */
    static int sampleIndex(int i) {
        return i / SAMPLE_EVERY;
    }

    static EngineRun of(
            String engine,
            long matches,
            int eventCount,
            long elapsedNanos,
            long[] latencySampleNanos,
            long retainedHeapBytes) {
        long[] sorted = latencySampleNanos.clone();
        Arrays.sort(sorted);
        return new EngineRun(
                engine,
                matches,
                eventCount / (elapsedNanos / 1e9),
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
