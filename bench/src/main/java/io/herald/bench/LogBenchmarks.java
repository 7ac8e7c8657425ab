package io.herald.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The benchmarks jar's entry point: runs JMH with the given command line (every JMH option works, {@code -h} lists
 * them), then prints each result in MiB/s (2^20 bytes per second, from the {@link ByteCounter} of each benchmark) and
 * as a share of the raw sequential write rate measured in the same run, and checks the targets:
 *
 * <ul>
 *   <li>append under {@code flush.policy=interval} at >= 80% of {@link RawDiskBenchmark#sequentialWrite};
 *   <li>append under {@code flush.policy=always}, 8 partitions at once, at >= 50% of it.
 * </ul>
 *
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main} runs plain JMH without the summary.
 */
public final class LogBenchmarks {
    private static final double MIB = 1024.0 * 1024.0;
    private static final String RAW_WRITE = "RawDiskBenchmark.sequentialWrite";
    private static final String RAW_FORCED = "RawDiskBenchmark.sequentialWriteForcedPerMiB";
    private static final String RAW_FSYNC = "RawDiskBenchmark.writeAndForce";

    private LogBenchmarks() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (options.shouldHelp()
                || options.shouldList()
                || options.shouldListWithParams()
                || options.shouldListProfilers()
                || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            System.err.println("The benchmarks failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.print(summary(results));
    }

    /** One line per result, then the target checks. */
    static String summary(Collection<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) rows.add(Row.of(r));
        Optional<Double> raw = find(rows, RAW_WRITE).map(Row::mibPerSec);
        Optional<Double> rawForced = find(rows, RAW_FORCED).map(Row::mibPerSec);
        StringBuilder out = new StringBuilder();
        out.append("Summary (MiB/s = 2^20 bytes/s; ratios against the raw sequential write rate of this run)\n");
        out.append(String.format(
                Locale.ROOT,
                "%-45s %-36s %7s %10s %9s %7s %9s%n",
                "benchmark",
                "params",
                "threads",
                "ops/s",
                "MiB/s",
                "vs raw",
                "vs forced"));
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-45s %-36s %7d %10.0f %9.1f %7s %9s%n",
                    row.name,
                    row.params,
                    row.threads,
                    row.opsPerSec,
                    row.mibPerSec,
                    ratio(row.mibPerSec, raw),
                    ratio(row.mibPerSec, rawForced)));
        }
        find(rows, RAW_FSYNC)
                .ifPresent(r -> out.append(
                        String.format(Locale.ROOT, "fsync rate (16 KiB write + fdatasync): %.0f/s%n", r.opsPerSec)));
        out.append(target(rows, raw, "AppendBenchmark.interval1Partition", 0.80));
        out.append(target(rows, raw, "AppendBenchmark.interval8Partitions", 0.80));
        out.append(target(rows, raw, "AppendBenchmark.always8Partitions", 0.50));
        return out.toString();
    }

    private static String target(List<Row> rows, Optional<Double> raw, String name, double share) {
        Optional<Row> row = find(rows, name);
        if (row.isEmpty() || raw.isEmpty()) return "";
        double got = row.get().mibPerSec / raw.get();
        return String.format(
                Locale.ROOT,
                "target %s >= %.0f%% of raw sequential write: %.0f%%, %s%n",
                name,
                share * 100,
                got * 100,
                got >= share ? "MET" : "MISSED");
    }

    private static String ratio(double mibPerSec, Optional<Double> base) {
        return base.filter(b -> b > 0)
                .map(b -> String.format(Locale.ROOT, "%.0f%%", 100 * mibPerSec / b))
                .orElse("-");
    }

    private static Optional<Row> find(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name.equals(name)).findFirst();
    }

    private record Row(String name, String params, int threads, double opsPerSec, double mibPerSec) {
        static Row of(RunResult r) {
            String benchmark = r.getParams().getBenchmark();
            int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
            StringBuilder params = new StringBuilder();
            for (String key : r.getParams().getParamsKeys()) {
                if (!params.isEmpty()) params.append(',');
                params.append(key).append('=').append(r.getParams().getParam(key));
            }
            Result<?> bytes = r.getSecondaryResults().get("bytes");
            return new Row(
                    benchmark.substring(dot + 1),
                    params.toString(),
                    r.getParams().getThreads(),
                    r.getPrimaryResult().getScore(),
                    bytes == null ? Double.NaN : bytes.getScore() / MIB);
        }
    }
}
