package io.herald.server.metrics;

import io.herald.cep.host.RuleStatus;
import io.herald.cep.runner.RunnerStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The hosted CEP rules' figures as Prometheus metrics, built afresh from the rule host on every scrape: rules are
 * deployed, changed and dropped at runtime, so a meter registered once per rule would outlive its rule. A dropped rule
 * is simply absent from the next scrape; a changed one shows under its new {@code version} label.
 *
 * <p>Every series has the labels {@code rule} (the rule's name) and {@code version}. {@code herald_cep_running} is
 * there for every deployed rule (1 when this process has a live runner of its current version, else 0: paused,
 * failed, not yet started); the other series only for rules with a runner here, since they are that runner's figures.
 * The counters are those of the runner's current engine, which a rebalance rebuilds and replays from the committed
 * offsets: they may go down then, which Prometheus's {@code rate()} reads as a counter reset.
 *
 * <p>Thread-safe: holds no state; each scrape reads {@code statuses} once.
 */
public final class RuleMetrics implements MultiCollector {
    /** The counters: name as exposed without the {@code _total} suffix, which the text format appends. */
    private static final List<Figure> COUNTERS = List.of(
            new Figure("herald_cep_events_in", "Events offered to the rule's engine.", RunnerStats::eventsIn),
            new Figure(
                    "herald_cep_outputs",
                    "Rows and retractions the rule wrote to its INTO topic.",
                    RunnerStats::rowsOut),
            new Figure(
                    "herald_cep_late_events",
                    "Events sent to the rule's .late topic for arriving after the allowed lateness.",
                    RunnerStats::lateEvents),
            new Figure(
                    "herald_cep_overflow_events",
                    "Events refused because the rule's per-key cap was reached.",
                    RunnerStats::overflowEvents));

    private static final List<Figure> GAUGES = List.of(
            new Figure(
                    "herald_cep_state_size",
                    "What the rule's engine holds: buffered events, window entries, partial matches, suppressions.",
                    RunnerStats::stateSize),
            new Figure(
                    "herald_cep_lag_records",
                    "Records not yet read in the rule's owned input partitions (log end offset minus position).",
                    RunnerStats::lagRecords));

    static final String RUNNING = "herald_cep_running";
    private static final String RUNNING_HELP =
            "1 when this process runs the rule's current version, 0 when it does not (paused, failed, starting).";

    private final Supplier<? extends Collection<RuleStatus>> statuses;

    /**
     * @param statuses the deployed rules with this host's view of them, read once per scrape (the rule host's
     *     {@code HostedRules::list})
     */
    public RuleMetrics(Supplier<? extends Collection<RuleStatus>> statuses) {
        this.statuses = Objects.requireNonNull(statuses, "statuses");
    }

    @Override
    public MetricSnapshots collect() {
        Collection<RuleStatus> rules = statuses.get();
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (Figure counter : COUNTERS) {
            CounterSnapshot.Builder builder =
                    CounterSnapshot.builder().name(counter.name()).help(counter.help());
            for (RuleStatus rule : rules) {
                rule.stats()
                        .ifPresent(stats -> builder.dataPoint(CounterDataPointSnapshot.builder()
                                .labels(labels(rule))
                                .value(counter.value().applyAsLong(stats))
                                .build()));
            }
            snapshots.add(builder.build());
        }
        for (Figure gauge : GAUGES) {
            GaugeSnapshot.Builder builder =
                    GaugeSnapshot.builder().name(gauge.name()).help(gauge.help());
            for (RuleStatus rule : rules) {
                rule.stats()
                        .ifPresent(stats ->
                                builder.dataPoint(gaugePoint(rule, gauge.value().applyAsLong(stats))));
            }
            snapshots.add(builder.build());
        }
        GaugeSnapshot.Builder running = GaugeSnapshot.builder().name(RUNNING).help(RUNNING_HELP);
        for (RuleStatus rule : rules) {
            running.dataPoint(gaugePoint(rule, rule.runningHere() ? 1 : 0));
        }
        snapshots.add(running.build());
        return new MetricSnapshots(snapshots);
    }

    /** The names this collector owns, so the registry refuses another collector that reports one of them. */
    @Override
    public List<String> getPrometheusNames() {
        List<String> names = new ArrayList<>();
        COUNTERS.forEach(counter -> names.add(counter.name()));
        GAUGES.forEach(gauge -> names.add(gauge.name()));
        names.add(RUNNING);
        return names;
    }

    private static GaugeDataPointSnapshot gaugePoint(RuleStatus rule, long value) {
        return GaugeDataPointSnapshot.builder()
                .labels(labels(rule))
                .value(value)
                .build();
    }

    private static Labels labels(RuleStatus rule) {
        return Labels.of(
                "rule",
                rule.rule().name(),
                "version",
                Integer.toString(rule.rule().version()));
    }

    /** One figure of a runner, with its metric name and help text. */
    private record Figure(String name, String help, ToLongFunction<RunnerStats> value) {}
}
