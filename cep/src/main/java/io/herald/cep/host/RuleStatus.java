package io.herald.cep.host;

import io.herald.cep.runner.RunnerStats;
import java.util.Optional;

/**
 * A deployed rule and what this host's runner of it is doing.
 *
 * @param rule the rule as the topic holds it
 * @param runningHere whether this host has a live runner for the rule's current version
 * @param stats the runner's figures (events in, outputs, late events, state size, lag); empty without a runner
 * @param failure why this host's runner stopped or could not start; empty when it did not fail
 */
public record RuleStatus(
        DeployedRule rule, boolean runningHere, Optional<RunnerStats> stats, Optional<String> failure) {}
