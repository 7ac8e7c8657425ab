import java.util.Arrays;

/**
 * The latency line of the bench tools that time records one by one (E2eLatency, RateLatency): {@code NAME count=N
 * avg_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=..}, nearest-rank percentiles. bench/run-broker-bench.sh
 * parses it.
 */
final class LatencySummary {
    private LatencySummary() {}

    /** Prints the line for {@code nanos} (left unsorted). */
    static void print(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) sum += n;
        System.out.printf(
                "%s count=%d avg_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                name, sorted.length, sum / sorted.length / 1e6, rank(sorted, 0.50), rank(sorted, 0.90),
                rank(sorted, 0.99), rank(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
