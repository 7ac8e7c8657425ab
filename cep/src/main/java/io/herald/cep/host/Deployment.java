package io.herald.cep.host;

import io.herald.cep.plan.Rule;
import io.herald.cep.runner.StartPoint;
import io.herald.cep.text.RuleText;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides what deploying a rule text means given the rule currently in the topic: plans are compared, not texts, so
 * a reformatted or commented text is the same rule. Pure: no I/O, the time is passed in.
 */
public final class Deployment {
    private Deployment() {}

    /**
     * The outcome of deploying {@code text}: version 1 for a new name, version n+1 (running, from {@code from}) when
     * the plan differs from {@code current}'s, else {@link DeployResult.Unchanged}.
     *
     * @throws io.herald.cep.text.RuleSyntaxException when the text does not parse (line, column, expectation)
     * @throws io.herald.cep.plan.InvalidRuleException when it parses but cannot run
     * @throws IllegalArgumentException when {@code from} names partitions of a topic the rule does not read
     */
    public static DeployResult decide(
            Optional<DeployedRule> current, String text, StartPoint from, String deployedBy, Instant now) {
        Rule plan = RuleText.parse(text);
        from.checkInputs(plan.name(), plan.source().topics());
        if (current.isEmpty()) {
            return new DeployResult.Created(
                    new DeployedRule(plan.name(), text, 1, RuleState.RUNNING, from, deployedBy, now));
        }
        DeployedRule existing = current.get();
        if (!existing.name().equals(plan.name())) {
            throw new IllegalArgumentException(
                    "the text names rule " + plan.name() + ", not " + existing.name() + "; deploy it under its name");
        }
        if (DeployedRule.withVersion(plan, existing.version()).equals(existing.plan())) {
            return new DeployResult.Unchanged(existing);
        }
        int version = existing.version() + 1;
        return new DeployResult.Changed(
                new DeployedRule(plan.name(), text, version, RuleState.RUNNING, from, deployedBy, now),
                existing.version());
    }
}
