package io.herald.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.host.DeployedRule;
import io.herald.cep.host.RuleState;
import io.herald.cep.host.RuleStatus;
import io.herald.cep.runner.RunnerStats;
import io.herald.cep.runner.StartPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rules' series as a scrape of {@link ServerMetrics} shows them, from rule statuses made by hand. */
@Timeout(30)
class RuleMetricsTest {
    private final List<RuleStatus> rules = new CopyOnWriteArrayList<>();
    private final ServerMetrics metrics = ServerMetrics.create(new RuleMetrics(() -> rules));

    @AfterEach
    void close() {
        metrics.close();
    }

    private static DeployedRule rule(String name, int version, RuleState state) {
        return new DeployedRule(
                name,
                "CREATE RULE " + name + " FROM orders SELECT * INTO out",
                version,
                state,
                StartPoint.NOW,
                "test",
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A runner's figures: events in, rows out, late, overflow, state size, lag; the other figures distinct. */
    private static RunnerStats stats(long eventsIn, long rowsOut, long late, long overflow, long state, long lag) {
        return new RunnerStats(1000, 2000, 3000, Map.of(), eventsIn, rowsOut, late, overflow, state, lag);
    }

    private static RuleStatus running(String name, int version, RunnerStats stats) {
        return new RuleStatus(rule(name, version, RuleState.RUNNING), true, Optional.of(stats), Optional.empty());
    }

    private List<String> seriesOf(String rule) {
        return lines().filter(line -> line.contains("rule=\"" + rule + "\"")).toList();
    }

    private Stream<String> lines() {
        return metrics.scrape().lines().filter(line -> line.startsWith("herald_cep_"));
    }

    @Test
    void aRunningRuleHasEveryFigureUnderItsNameAndVersion() {
        rules.add(running("fraud", 2, stats(19, 1, 3, 4, 5, 6)));

        assertThat(seriesOf("fraud"))
                .containsExactlyInAnyOrder(
                        "herald_cep_events_in_total{rule=\"fraud\",version=\"2\"} 19.0",
                        "herald_cep_outputs_total{rule=\"fraud\",version=\"2\"} 1.0",
                        "herald_cep_late_events_total{rule=\"fraud\",version=\"2\"} 3.0",
                        "herald_cep_overflow_events_total{rule=\"fraud\",version=\"2\"} 4.0",
                        "herald_cep_state_size{rule=\"fraud\",version=\"2\"} 5.0",
                        "herald_cep_lag_records{rule=\"fraud\",version=\"2\"} 6.0",
                        "herald_cep_running{rule=\"fraud\",version=\"2\"} 1.0");
    }

    @Test
    void countersAndGaugesAreTypedAndDescribed() {
        rules.add(running("fraud", 1, stats(1, 1, 1, 1, 1, 1)));

        assertThat(metrics.scrape())
                .contains("# TYPE herald_cep_events_in_total counter")
                .contains("# TYPE herald_cep_outputs_total counter")
                .contains("# TYPE herald_cep_late_events_total counter")
                .contains("# TYPE herald_cep_overflow_events_total counter")
                .contains("# TYPE herald_cep_state_size gauge")
                .contains("# TYPE herald_cep_lag_records gauge")
                .contains("# TYPE herald_cep_running gauge")
                .contains("# HELP herald_cep_events_in_total Events offered to the rule's engine.");
    }

    @Test
    void aRuleWithoutARunnerHereShowsOnlyThatItIsNotRunning() {
        rules.add(new RuleStatus(rule("paused", 3, RuleState.PAUSED), false, Optional.empty(), Optional.empty()));

        assertThat(seriesOf("paused")).containsExactly("herald_cep_running{rule=\"paused\",version=\"3\"} 0.0");
    }

    @Test
    void aDroppedRuleIsGoneFromTheNextScrape() {
        RuleStatus dropped = running("dropped", 1, stats(7, 0, 0, 0, 0, 0));
        rules.add(dropped);
        rules.add(running("kept", 1, stats(8, 0, 0, 0, 0, 0)));
        List<String> before = seriesOf("dropped");

        rules.remove(dropped);

        assertThat(before).contains("herald_cep_events_in_total{rule=\"dropped\",version=\"1\"} 7.0");
        assertThat(seriesOf("dropped")).isEmpty();
        assertThat(seriesOf("kept")).contains("herald_cep_events_in_total{rule=\"kept\",version=\"1\"} 8.0");
    }

    @Test
    void aChangedRuleReportsUnderItsNewVersionOnly() {
        rules.add(running("fraud", 1, stats(10, 0, 0, 0, 0, 0)));
        rules.set(0, running("fraud", 2, stats(2, 0, 0, 0, 0, 0)));

        assertThat(seriesOf("fraud"))
                .contains("herald_cep_events_in_total{rule=\"fraud\",version=\"2\"} 2.0")
                .noneMatch(line -> line.contains("version=\"1\""));
    }

    @Test
    void withoutRulesNoRuleSeriesAreReportedButTheJvmIs() {
        String scrape = metrics.scrape();

        assertThat(lines()).isEmpty();
        assertThat(scrape)
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads ")
                .contains("jvm_classes_loaded_classes ")
                .contains("process_uptime_seconds ")
                .contains("process_cpu_usage ");
    }
}
