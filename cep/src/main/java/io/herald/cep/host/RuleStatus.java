package io.herald.cep.host;

import io.herald.cep.runner.RunnerStats;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployed rule and what this host's runner of it is doing.
 *
 * @param rule the rule as the topic holds it
 * @param runningHere whether this host has a live runner for the rule's current version
 * @param stats the runner's figures (events in, outputs, late events, state size, lag); empty without a runner
 * @param failure why this host's runner stopped or could not start; empty when it did not fail
 * @param failedAttempts how many runs of this version on this host failed in a row (0 when none did, or the last run
 *     stayed up for {@link RestartBackoff#stableAfter()}); a live runner with a count above 0 is a restart after them
 * @param nextRestartAt when this host starts the failed runner again (empty while it runs, or without a failure)
 */
public record RuleStatus(
        DeployedRule rule,
        boolean runningHere,
        Optional<RunnerStats> stats,
        Optional<String> failure,
        int failedAttempts,
        Optional<Instant> nextRestartAt) {

    /** Checks the parts are there. */
    public RuleStatus {
        Objects.requireNonNull(rule, "a rule status needs its rule");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(nextRestartAt, "nextRestartAt");
    }

    /** A status without failures in a row and no restart planned. */
    public RuleStatus(DeployedRule rule, boolean runningHere, Optional<RunnerStats> stats, Optional<String> failure) {
        this(rule, runningHere, stats, failure, 0, Optional.empty());
    }
}
