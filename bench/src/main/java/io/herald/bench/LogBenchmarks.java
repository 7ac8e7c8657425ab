package io.herald.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    private static final String RAW_FORCED_PER_SEGMENT = "RawDiskBenchmark.sequentialWriteForcedPerSegment";

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
        Optional<Double> perSegment = find(rows, RAW_FORCED_PER_SEGMENT).map(Row::mibPerSec);
        Optional<Double> perMiB = find(rows, RAW_FORCED).map(Row::mibPerSec);
        Map<String, Set<String>> values = parameterValues(rows);
        Set<String> varying = new TreeSet<>();
        StringBuilder fixed = new StringBuilder();
        values.forEach((key, vals) -> {
            if (vals.size() > 1) varying.add(key);
            else
                fixed.append(fixed.isEmpty() ? "" : ", ")
                        .append(key)
                        .append('=')
                        .append(vals.iterator().next());
        });
        StringBuilder out = new StringBuilder();
        out.append(
                "Summary. MiB/s = 2^20 bytes/s. Ratios against this run's raw sequential writes: without force (raw),"
                        + " forced every 256 MiB (raw/seg), forced every MiB (raw/MiB).\n");
        if (!fixed.isEmpty())
            out.append("Parameters, where they apply: ").append(fixed).append('\n');
        String format = "%-48s %-24s %7s %10s %9s %7s %8s %8s%n";
        out.append(String.format(
                Locale.ROOT, format, "benchmark", "params", "threads", "ops/s", "MiB/s", "raw", "raw/seg", "raw/MiB"));
        for (Row row : rows) {
            out.append(String.format(
                    Locale.ROOT,
                    format,
                    row.name,
                    row.varying(varying),
                    row.threads,
                    String.format(Locale.ROOT, "%.0f", row.opsPerSec),
                    String.format(Locale.ROOT, "%.1f", row.mibPerSec),
                    ratio(row.mibPerSec, raw),
                    ratio(row.mibPerSec, perSegment),
                    ratio(row.mibPerSec, perMiB)));
        }
        find(rows, RAW_FSYNC)
                .ifPresent(r -> out.append(
                        String.format(Locale.ROOT, "fsync rate (16 KiB write + fdatasync): %.0f/s%n", r.opsPerSec)));
        out.append(targets(rows, varying, raw, "AppendBenchmark.interval1Partition", 0.80));
        out.append(targets(rows, varying, raw, "AppendBenchmark.interval8Partitions", 0.80));
        out.append(targets(rows, varying, raw, "AppendBenchmark.always8Partitions", 0.50));
        return out.toString();
    }

    private static String targets(
            List<Row> rows, Set<String> varying, Optional<Double> raw, String name, double share) {
        if (raw.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        for (Row row : rows) {
            if (!row.name.equals(name)) continue;
            double got = row.mibPerSec / raw.get();
            out.append(String.format(
                    Locale.ROOT,
                    "target %s%s >= %.0f%% of raw sequential write: %.0f%%, %s%n",
                    name,
                    row.varying(varying).isEmpty() ? "" : " (" + row.varying(varying) + ")",
                    share * 100,
                    got * 100,
                    got >= share ? "MET" : "MISSED"));
        }
        return out.toString();
    }

    private static String ratio(double mibPerSec, Optional<Double> base) {
        return base.filter(b -> b > 0)
                .map(b -> String.format(Locale.ROOT, "%.0f%%", 100 * mibPerSec / b))
                .orElse("-");
    }

    private static Optional<Row> find(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name.equals(name)).findFirst();
    }

    private record Row(String name, Map<String, String> params, int threads, double opsPerSec, double mibPerSec) {
        static Row of(RunResult r) {
            String benchmark = r.getParams().getBenchmark();
            int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
            Map<String, String> params = new TreeMap<>();
            for (String key : r.getParams().getParamsKeys())
                params.put(key, r.getParams().getParam(key));
            Result<?> bytes = r.getSecondaryResults().get("bytes");
            return new Row(
                    benchmark.substring(dot + 1),
                    params,
                    r.getParams().getThreads(),
                    r.getPrimaryResult().getScore(),
                    bytes == null ? Double.NaN : bytes.getScore() / MIB);
        }

        /** This row's values of {@code keys}, the parameters that differ between rows of the run. */
        String varying(Set<String> keys) {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, String> e : params.entrySet()) {
                if (!keys.contains(e.getKey())) continue;
                if (!out.isEmpty()) out.append(',');
                out.append(e.getKey()).append('=').append(e.getValue());
            }
            return out.toString();
        }
    }

    /** Each parameter's values across the rows, in first-seen order. */
    private static Map<String, Set<String>> parameterValues(List<Row> rows) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (Row row : rows) {
            row.params.forEach((k, v) ->
                    values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        }
        return values;
    }
}
