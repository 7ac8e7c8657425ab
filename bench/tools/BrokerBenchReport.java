import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.DoubleStream;

/**
 * Turns the TSV of bench/run-broker-bench.sh into a markdown summary: medians per case, phase and target, the
 * Herald/Kafka ratios, and the target checks of the broker issue. Lines starting with '#' are context, copied to the
 * top of the summary. Run: {@code java bench/tools/BrokerBenchReport.java bench/results/broker-bench-<UTC>.tsv...};
 * several files (passes over different cases) are summarized together.
 *
 * <p>Targets (column {@code target}): {@code kafka} = Apache Kafka with its default flush settings (no fsync; an
 * acks=all write is acknowledged once in the page cache), {@code kafka-flush1} = the same broker with
 * {@code flush.messages=1} on the topic (an fsync per appended batch), {@code herald} = Herald with its defaults (an
 * acks=all write is acknowledged once fsynced, with group commit), {@code herald-interval} = the same Herald with
 * {@code flush.policy=interval} on the topic (Kafka's default durability: no fsync before the answer). Rows whose
 * {@code status} is not {@code ok} are counted as failures and left out of the medians.
 */
public class BrokerBenchReport {
    private static final String KAFKA = "kafka";
    private static final String KAFKA_FLUSH1 = "kafka-flush1";
    private static final String HERALD = "herald";
    private static final String HERALD_INTERVAL = "herald-interval";
    private static final Map<String, String> LABELS = Map.of(
            KAFKA,
            "Kafka (no fsync)",
            KAFKA_FLUSH1,
            "Kafka flush.messages=1",
            HERALD,
            "Herald",
            HERALD_INTERVAL,
            "Herald interval (no fsync)");

    private final List<Map<String, String>> rows = new ArrayList<>();
    private final List<String> context = new ArrayList<>();
    private final Set<String> targets = new LinkedHashSet<>();
    private final Set<String> cases = new LinkedHashSet<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/tools/BrokerBenchReport.java <results.tsv>...");
            System.exit(2);
        }
        Locale.setDefault(Locale.ROOT);
        BrokerBenchReport report = new BrokerBenchReport();
        for (String file : args) report.read(Path.of(file));
        report.collect();
        System.out.print(report.markdown());
    }

    /** Reads one TSV; several (passes over different cases) add up, each with its own header line. */
    private void read(Path tsv) throws Exception {
        String[] header = null;
        if (!context.isEmpty()) context.add("---- " + tsv.getFileName());
        for (String line : Files.readAllLines(tsv)) {
            if (line.startsWith("#")) {
                context.add(line.substring(1).strip());
            } else if (header == null) {
                header = line.split("\t", -1);
            } else if (!line.isBlank()) {
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) row.put(header[i], i < cells.length ? cells[i] : "");
                rows.add(row);
            }
        }
    }

    private void collect() {
        for (String t : List.of(KAFKA, KAFKA_FLUSH1, HERALD, HERALD_INTERVAL)) {
            if (rows.stream().anyMatch(r -> r.get("target").equals(t))) targets.add(t);
        }
        rows.forEach(r -> cases.add(r.get("case")));
    }

    private String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## Broker benchmark: Herald vs Apache Kafka\n\n");
        for (String line : context) out.append("- ").append(line).append('\n');
        out.append('\n');
        long failed = rows.stream().filter(r -> !r.get("status").equals("ok")).count();
        if (failed > 0) {
            out.append("**").append(failed).append(" run(s) failed** and are left out of the medians: ");
            rows.stream()
                    .filter(r -> !r.get("status").equals("ok"))
                    .forEach(r -> out.append(String.format(
                            "%s %s %s rep %s (%s); ",
                            r.get("target"), r.get("case"), r.get("phase"), r.get("rep"), r.get("status"))));
            out.append("\n\n");
        }

        out.append("### Throughput, records/s (median, min..max of the runs) and MiB/s of payload\n\n");
        out.append("| case | phase |");
        for (String t : targets) out.append(' ').append(LABELS.get(t)).append(" |");
        ratioHeaders(out);
        out.append('\n').append("|---|---|");
        out.append("---:|".repeat(targets.size() + ratioCount())).append('\n');
        for (String c : cases) {
            for (String phase : List.of("produce", "consume")) {
                if (measuredByNone(c, phase, "records_per_s")) continue;
                out.append("| ").append(c).append(" | ").append(phase).append(" |");
                for (String t : targets) {
                    double[] v = values(t, c, phase, "records_per_s");
                    double mib = median(values(t, c, phase, "mib_per_s"));
                    out.append(v.length == 0
                            ? " – |"
                            : String.format(" %s (%s..%s), %.1f MiB/s |", num(median(v)), num(min(v)), num(max(v)), mib));
                }
                ratios(out, c, phase, "records_per_s");
                out.append('\n');
            }
        }

        out.append("\n### Latency, ms (medians of the runs' figures)\n\n");
        out.append("Producer latency of the throughput cases is ProducerPerformance's send-to-ack time of an unthrottled"
                + " producer: mostly queueing in its 32 MiB buffer, whole milliseconds. The `e2e-*` rows come from"
                + " bench/tools/E2eLatency.java: one record in flight, µs resolution; `ack` = send().get(),"
                + " `e2e` = until an assigned consumer's poll() returns it. The `rate-*` rows come from"
                + " bench/tools/RateLatency.java: the same fixed rate for every target, each record timed from when it"
                + " was due to its acknowledgement, µs resolution.\n\n");
        out.append("| case | phase | figure |");
        for (String t : targets) out.append(' ').append(LABELS.get(t)).append(" |");
        ratioHeaders(out);
        out.append('\n').append("|---|---|---|");
        out.append("---:|".repeat(targets.size() + ratioCount())).append('\n');
        for (String c : cases) {
            for (String phase : List.of("produce", "ack", "e2e")) {
                for (String figure : List.of("lat_avg_ms", "lat_p50_ms", "lat_p99_ms", "lat_p999_ms")) {
                    if (measuredByNone(c, phase, figure)) continue;
                    out.append("| ").append(c).append(" | ").append(phase).append(" | ")
                            .append(figure.replace("lat_", "").replace("_ms", "")).append(" |");
                    for (String t : targets) {
                        double[] v = values(t, c, phase, figure);
                        out.append(v.length == 0 ? " – |" : " " + ms(median(v)) + " |");
                    }
                    ratios(out, c, phase, figure);
                    out.append('\n');
                }
            }
        }

        out.append("\n### Broker CPU and memory (medians; CPU = utime+stime over the client's run, % of one core;"
                + " RSS = peak VmHWM during the run)\n\n");
        out.append("| case | phase |");
        for (String t : targets) out.append(' ').append(LABELS.get(t)).append(" CPU % / RSS MiB |");
        out.append('\n').append("|---|---|").append("---:|".repeat(targets.size())).append('\n');
        for (String c : cases) {
            for (String phase : c.startsWith("rate") ? List.of("ack") : List.of("produce", "consume", "e2e")) {
                if (measuredByNone(c, phase, "broker_cpu_pct")) continue;
                out.append("| ").append(c).append(" | ").append(phase).append(" |");
                for (String t : targets) {
                    double[] cpu = values(t, c, phase, "broker_cpu_pct");
                    double[] rss = values(t, c, phase, "broker_rss_peak_mib");
                    out.append(cpu.length == 0
                            ? " – |"
                            : String.format(" %.0f %% / %.0f |", median(cpu), median(rss)));
                }
                out.append('\n');
            }
        }
        for (String t : targets) {
            double[] rss = values(t, null, null, "broker_rss_peak_mib");
            if (rss.length > 0) {
                out.append(String.format(
                        "\nPeak RSS of %s over all recorded runs: %.0f MiB.", LABELS.get(t), max(rss)));
            }
        }
        out.append("\n\n");
        out.append("Other processes' CPU during the runs (`foreign_cpu_pct`: the whole machine's busy time minus both"
                + " brokers and the client tool, % of one core; 200 = both cores):");
        for (String t : targets) {
            double[] foreign = values(t, null, null, "foreign_cpu_pct");
            if (foreign.length > 0) {
                out.append(String.format(" %s median %.0f, max %.0f;", LABELS.get(t), median(foreign), max(foreign)));
            }
        }
        out.append(" more than about 10 means the machine was shared during the runs, and their figures are not"
                + " comparable with a quiet run's.\n\n");
        out.append(checks());
        return out.toString();
    }

    private String checks() {
        StringBuilder out = new StringBuilder("### Target checks (the broker issue)\n\n");
        if (!targets.contains(HERALD)) {
            out.append("Herald was not measured in this run, so none of the checks can be made.\n");
            return out.toString();
        }
        List<String> throughputCases = cases.stream()
                .filter(c -> !c.startsWith("e2e") && !c.startsWith("rate"))
                .toList();
        List<String> rateCases = cases.stream().filter(c -> c.startsWith("rate")).toList();
        if (targets.contains(KAFKA)) {
            out.append("1. Herald (durable by default) produce throughput >= Kafka without fsync: ");
            out.append(ratioCheck(throughputCases, "produce", "records_per_s", KAFKA, 1.0, true)).append('\n');
            out.append("2. Herald p99 latency <= Kafka without fsync: one record in flight, produce-ack p99 ");
            out.append(ratioCheck(List.of(e2eCase()), "ack", "lat_p99_ms", KAFKA, 1.0, false));
            out.append("; end-to-end p99 ");
            out.append(ratioCheck(List.of(e2eCase()), "e2e", "lat_p99_ms", KAFKA, 1.0, false));
            out.append("; (for information) ProducerPerformance p99 ");
            out.append(ratioCheck(throughputCases, "produce", "lat_p99_ms", KAFKA, 1.0, false)).append('\n');
        }
        if (targets.contains(KAFKA_FLUSH1)) {
            out.append("3. Herald produce throughput >= 2x Kafka with flush.messages=1: ");
            out.append(ratioCheck(throughputCases, "produce", "records_per_s", KAFKA_FLUSH1, 2.0, true))
                    .append('\n');
        }
        // One Herald process serves both Herald targets.
        double[] rss = DoubleStream.concat(
                        Arrays.stream(values(HERALD, null, null, "broker_rss_peak_mib")),
                        Arrays.stream(values(HERALD_INTERVAL, null, null, "broker_rss_peak_mib")))
                .toArray();
        if (rss.length > 0) {
            out.append(String.format(
                    "4. Herald RSS < 256 MiB: peak %.0f MiB over all recorded runs: **%s**%n",
                    max(rss), max(rss) < 256 ? "PASS" : "FAIL"));
        }
        if (targets.contains(KAFKA) && !rateCases.isEmpty()) {
            out.append("5. (the bar ../shared/notes/perf-reliability.md suggests, for information) Herald produce-ack"
                    + " p99 at a fixed load <= 2x Kafka without fsync: ");
            out.append(ratioCheck(rateCases, "ack", "lat_p99_ms", KAFKA, 2.0, false)).append('\n');
        }
        if (targets.contains(KAFKA) && targets.contains(HERALD_INTERVAL)) {
            out.append("6. (for information: the engines doing the same work) Herald with Kafka's durability"
                    + " (flush.policy=interval) against Kafka without fsync: produce throughput >= 1x ");
            out.append(ratioCheck(HERALD_INTERVAL, throughputCases, "produce", "records_per_s", KAFKA, 1.0, true));
            out.append("; one record in flight, produce-ack p99 <= 1x ");
            out.append(ratioCheck(HERALD_INTERVAL, List.of(e2eCase()), "ack", "lat_p99_ms", KAFKA, 1.0, false));
            if (!rateCases.isEmpty()) {
                out.append("; produce-ack p99 at a fixed load <= 1x ");
                out.append(ratioCheck(HERALD_INTERVAL, rateCases, "ack", "lat_p99_ms", KAFKA, 1.0, false));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private String e2eCase() {
        return cases.stream().filter(c -> c.startsWith("e2e")).findFirst().orElse("e2e");
    }

    /** "PASS/FAIL (case ratio, ...)": Herald's median over the other target's, against {@code bar}. */
    private String ratioCheck(List<String> which, String phase, String column, String other, double bar, boolean atLeast) {
        return ratioCheck(HERALD, which, phase, column, other, bar, atLeast);
    }

    /** The same for {@code heraldTarget}, {@code herald} or {@code herald-interval}. */
    private String ratioCheck(
            String heraldTarget,
            List<String> which,
            String phase,
            String column,
            String other,
            double bar,
            boolean atLeast) {
        StringBuilder detail = new StringBuilder();
        boolean pass = true;
        int compared = 0;
        for (String c : which) {
            double[] h = values(heraldTarget, c, phase, column);
            double[] k = values(other, c, phase, column);
            if (h.length == 0 || k.length == 0) {
                detail.append(c).append(" not measured; ");
                continue;
            }
            double ratio = median(h) / median(k);
            boolean ok = atLeast ? ratio >= bar : ratio <= bar;
            pass &= ok;
            compared++;
            detail.append(String.format("%s %.2fx%s; ", c, ratio, ok ? "" : " (miss)"));
        }
        boolean allMeasured = compared == which.size();
        String verdict = compared == 0
                ? "NOT MEASURED"
                : !pass ? "FAIL" : allMeasured ? "PASS" : "PASS for the " + compared + " of " + which.size() + " cases measured";
        return "**" + verdict + "** (" + detail.toString().replaceAll("; $", "") + ")";
    }

    /** A ratio column: a Herald target's median over a Kafka target's. */
    private record Ratio(String herald, String kafka, String header) {}

    /** Each Herald target over each Kafka target that has the same durability or less. */
    private static final List<Ratio> RATIOS = List.of(
            new Ratio(HERALD, KAFKA, "Herald/Kafka"),
            new Ratio(HERALD, KAFKA_FLUSH1, "Herald/Kafka flush1"),
            new Ratio(HERALD_INTERVAL, KAFKA, "Herald interval/Kafka"));

    private List<Ratio> ratiosMeasured() {
        return RATIOS.stream()
                .filter(r -> targets.contains(r.herald()) && targets.contains(r.kafka()))
                .toList();
    }

    private void ratioHeaders(StringBuilder out) {
        for (Ratio r : ratiosMeasured()) out.append(' ').append(r.header()).append(" |");
    }

    private int ratioCount() {
        return ratiosMeasured().size();
    }

    private void ratios(StringBuilder out, String c, String phase, String column) {
        for (Ratio r : ratiosMeasured()) {
            double[] h = values(r.herald(), c, phase, column);
            double[] k = values(r.kafka(), c, phase, column);
            double kMedian = median(k);
            out.append(h.length == 0 || k.length == 0 || kMedian == 0
                    ? " – |"
                    : String.format(" %.2f |", median(h) / kMedian));
        }
    }

    private boolean measuredByNone(String c, String phase, String column) {
        return targets.stream().allMatch(t -> values(t, c, phase, column).length == 0);
    }

    /** The numeric values of {@code column} in the ok rows of a target (and case and phase, unless null). */
    private double[] values(String target, String c, String phase, String column) {
        return rows.stream()
                .filter(r -> r.get("target").equals(target) && r.get("status").equals("ok"))
                .filter(r -> c == null || r.get("case").equals(c))
                .filter(r -> phase == null || r.get("phase").equals(phase))
                .map(r -> r.getOrDefault(column, ""))
                .filter(v -> !v.isEmpty() && !v.equals("-"))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ms(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
