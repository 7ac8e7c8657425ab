import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the TSV of bench/run-group-bench.sh into a markdown summary: rebalance times per protocol and phase (medians,
 * min..max) against the issue's target, ConsumerPerformance with a group, and the Herald/Kafka ratios. Lines starting
 * with '#' are context, copied to the top. Run:
 * {@code java -cp bench/target/bench-tools GroupBenchReport bench/results/group-bench-<UTC>.tsv...}; several files
 * are summarized together.
 *
 * <p>Rows whose {@code status} is not {@code ok} are listed as failures and left out of the medians; a rebalance run
 * that never completed is a failure of the broker under test, so the target check counts it as a miss.
 */
public class GroupBenchReport {
    private static final List<String> TARGETS = List.of("kafka", "herald");
    private static final Map<String, String> LABELS = Map.of("kafka", "Kafka", "herald", "Herald");
    private static final List<String> PROTOCOLS = List.of("classic", "consumer");
    private static final List<String> PHASES = List.of("join", "leave", "add");
    private static final Map<String, String> PHASE_LABELS = Map.of(
            "join", "join (all members, from the first subscribe)",
            "leave", "leave (one member closes)",
            "add", "add (one more consumer joins those left)");

    private final List<Map<String, String>> rows = new ArrayList<>();
    private final List<String> context = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -cp bench/target/bench-tools GroupBenchReport <results.tsv>...");
            System.exit(2);
        }
        Locale.setDefault(Locale.ROOT);
        GroupBenchReport report = new GroupBenchReport();
        for (String file : args) report.read(Path.of(file));
        System.out.print(report.markdown());
    }

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

    private String markdown() {
        StringBuilder out = new StringBuilder("## Consumer groups: Herald vs Apache Kafka\n\n");
        for (String line : context) out.append("- ").append(line).append('\n');
        out.append('\n');
        List<Map<String, String>> failed =
                rows.stream().filter(r -> !r.get("status").equals("ok")).toList();
        if (!failed.isEmpty()) {
            out.append("**").append(failed.size()).append(" row(s) not ok**, left out of the medians: ");
            for (Map<String, String> r : failed) {
                out.append(String.format(
                        "%s %s %s %s rep %s (%s); ",
                        r.get("target"),
                        r.get("case"),
                        r.get("protocol"),
                        r.get("phase"),
                        r.get("rep"),
                        r.get("status")));
            }
            out.append("\n\n");
        }
        if (rows.stream().anyMatch(r -> r.get("case").equals("rebalance"))) rebalance(out);
        if (rows.stream().anyMatch(r -> r.get("case").equals("perf"))) perf(out);
        foreign(out);
        return out.toString();
    }

    private void rebalance(StringBuilder out) {
        out.append("### Rebalance time, ms (median, min..max of the runs)\n\n");
        out.append("Until every member owns partitions and together they own all of them, none twice, as the members'"
                + " rebalance listeners saw it (bench/tools/RebalanceTime.java). Target: the initial delay plus one"
                + " heartbeat interval.\n\n");
        out.append("| protocol | phase | target |");
        for (String t : TARGETS) out.append(' ').append(LABELS.get(t)).append(" |");
        out.append(" Herald/Kafka | within target: Kafka | within target: Herald |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        int unbalancedLater = 0;
        for (String protocol : PROTOCOLS) {
            for (String phase : PHASES) {
                List<Map<String, String>> all = select("rebalance", protocol, phase, null, false);
                if (all.isEmpty()) continue;
                String target = all.getFirst().get("target_ms");
                out.append("| ")
                        .append(protocol)
                        .append(" | ")
                        .append(PHASE_LABELS.get(phase))
                        .append(" | ")
                        .append(target)
                        .append(" |");
                for (String t : TARGETS) {
                    double[] v = values(select("rebalance", protocol, phase, t, true), "complete_ms");
                    out.append(' ').append(spread(v)).append(" |");
                }
                out.append(' ')
                        .append(ratio(protocol, phase, "rebalance", "complete_ms"))
                        .append(" |");
                for (String t : TARGETS) {
                    List<Map<String, String>> runs = select("rebalance", protocol, phase, t, false);
                    long within = runs.stream()
                            .filter(r -> r.get("status").equals("ok"))
                            .filter(r -> Double.parseDouble(r.get("complete_ms")) <= Double.parseDouble(target))
                            .count();
                    out.append(runs.isEmpty() ? " – |" : String.format(" %d of %d |", within, runs.size()));
                }
                out.append('\n');
                for (Map<String, String> r : select("rebalance", protocol, phase, null, true)) {
                    if (!r.get("balanced_ms").equals(r.get("complete_ms"))
                            || !r.get("late_events").equals("0")) {
                        unbalancedLater++;
                    }
                }
            }
        }
        out.append('\n');
        out.append(
                unbalancedLater == 0
                        ? "In every run the first complete ownership was also balanced (each member floor(P/N) or"
                                + " ceil(P/N) partitions) and nothing moved during the settle time after it.\n\n"
                        : unbalancedLater
                                + " run(s) reached complete ownership before a balanced one, or moved partitions"
                                + " after it (columns balanced_ms, late_events).\n\n");
        List<String> closes = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            for (String t : TARGETS) {
                double[] v = values(select("rebalance", protocol, "leave", t, true), "close_ms");
                if (v.length > 0) closes.add(String.format("%s %s %s", protocol, LABELS.get(t), spread(v)));
            }
        }
        out.append("How long the leaving member's close() took, ms (median, min..max): ")
                .append(String.join("; ", closes))
                .append(".\n\n");
    }

    private void perf(StringBuilder out) {
        out.append("### ConsumerPerformance with a group, records/s (median, min..max)\n\n");
        out.append("Kafka's ConsumerPerformance, one consumer, a fresh group per run. `fetch` = the tool's fetch.*"
                + " figures, which leave out the group join (`rebalance.time.ms`, here \"join\"); `overall` includes"
                + " it. MiB = 2^20 bytes of payload.\n\n");
        out.append("| protocol | figure |");
        for (String t : TARGETS) out.append(' ').append(LABELS.get(t)).append(" |");
        out.append(" Herald/Kafka |\n|---|---|---:|---:|---:|\n");
        for (String protocol : PROTOCOLS) {
            if (select("perf", protocol, "consume", null, false).isEmpty()) continue;
            perfRow(out, protocol, "fetch records/s", "fetch_records_per_s", false);
            perfRow(out, protocol, "fetch MiB/s", "fetch_mib_per_s", true);
            perfRow(out, protocol, "join ms", "join_ms", false);
            perfRow(out, protocol, "overall records/s", "records_per_s", false);
        }
        List<String> produced = new ArrayList<>();
        for (String t : TARGETS) {
            double[] v = values(select("perf", "-", "produce", t, true), "records_per_s");
            if (v.length > 0) produced.add(String.format("%s %s records/s", LABELS.get(t), num(median(v))));
        }
        out.append("\nProducing the records first (ProducerPerformance, acks=all, once per broker, not compared): ")
                .append(String.join("; ", produced))
                .append(".\n\n");
        List<String> cpu = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            for (String t : TARGETS) {
                double[] v = values(select("perf", protocol, "consume", t, true), "broker_cpu_pct");
                if (v.length > 0) cpu.add(String.format("%s %s %.0f %%", protocol, LABELS.get(t), median(v)));
            }
        }
        out.append("Broker CPU of a ConsumerPerformance run (utime+stime over the whole run, join included, as % of one"
                        + " core over the fetch time; medians): ")
                .append(String.join("; ", cpu))
                .append(".\n\n");
    }

    private void perfRow(StringBuilder out, String protocol, String label, String column, boolean decimals) {
        out.append("| ").append(protocol).append(" | ").append(label).append(" |");
        for (String t : TARGETS) {
            double[] v = values(select("perf", protocol, "consume", t, true), column);
            out.append(' ').append(decimals ? spread1(v) : spread(v)).append(" |");
        }
        out.append(' ').append(ratio(protocol, "consume", "perf", column)).append(" |\n");
    }

    private void foreign(StringBuilder out) {
        out.append("Other processes' CPU during the runs (`foreign_cpu_pct`: the machine's busy time minus both brokers"
                + " and the client tool, % of one core):");
        for (String t : TARGETS) {
            double[] v = values(select(null, null, null, t, false), "foreign_cpu_pct");
            if (v.length > 0) out.append(String.format(" %s median %.0f, max %.0f;", LABELS.get(t), median(v), max(v)));
        }
        out.append(" more than about 10 means the machine was shared during the runs, and their figures are not"
                + " comparable with a quiet run's.\n");
    }

    private String ratio(String protocol, String phase, String c, String column) {
        double k = median(values(select(c, protocol, phase, "kafka", true), column));
        double h = median(values(select(c, protocol, phase, "herald", true), column));
        return Double.isNaN(k) || Double.isNaN(h) || k == 0 ? "–" : String.format("%.2f", h / k);
    }

    /** Rows of a case, protocol, phase and target (null = any); only the ok ones if {@code okOnly}. */
    private List<Map<String, String>> select(String c, String protocol, String phase, String target, boolean okOnly) {
        return rows.stream()
                .filter(r -> c == null || r.get("case").equals(c))
                .filter(r -> protocol == null || r.get("protocol").equals(protocol))
                .filter(r -> phase == null || r.get("phase").equals(phase))
                .filter(r -> target == null || r.get("target").equals(target))
                .filter(r -> !okOnly || r.get("status").equals("ok"))
                .toList();
    }

    private static double[] values(List<Map<String, String>> rows, String column) {
        return rows.stream()
                .map(r -> r.getOrDefault(column, ""))
                .filter(v -> !v.isEmpty() && !v.equals("-"))
                .mapToDouble(Double::parseDouble)
                .toArray();
    }

    private static String spread(double[] v) {
        if (v.length == 0) return "–";
        if (v.length == 1) return num(v[0]);
        return num(median(v)) + " (" + num(min(v)) + ".." + num(max(v)) + ")";
    }

    private static String spread1(double[] v) {
        if (v.length == 0) return "–";
        if (v.length == 1) return String.format("%.1f", v[0]);
        return String.format("%.1f (%.1f..%.1f)", median(v), min(v), max(v));
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
}
