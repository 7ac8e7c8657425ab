package io.herald.cep.host;

import io.herald.cep.plan.Rule;
import io.herald.cep.runner.StartPoint;
import io.herald.cep.text.RuleText;
import java.time.Instant;
import java.util.Objects;

/**
 * One rule as the rules topic holds it (the value of the record keyed by its name): the text as deployed, the
 * version the host gave it, whether it runs, where this version started, and who deployed it when.
 *
 * @param name the rule's name, the record key
 * @param text the rule text as deployed; a {@code VERSION} clause in it is overridden by {@code version}
 * @param version 1 for the first deploy, +1 for each deploy whose plan differs from the current one
 * @param state running or paused
 * @param from where this version's runners start the partitions their group has no offset for
 * @param deployedBy who deployed this version (free text: a user, an address)
 * @param deployedAt when this version was deployed
 */
public record DeployedRule(
        String name,
        String text,
        int version,
        RuleState state,
        StartPoint from,
        String deployedBy,
        Instant deployedAt) {

    /** Checks that every part is there and the version is positive. */
    public DeployedRule {
        Objects.requireNonNull(name, "a deployed rule needs a name");
        Objects.requireNonNull(text, "a deployed rule needs its text");
        Objects.requireNonNull(state, "a deployed rule needs a state");
        Objects.requireNonNull(from, "a deployed rule needs a start point");
        Objects.requireNonNull(deployedBy, "a deployed rule needs deployedBy");
        Objects.requireNonNull(deployedAt, "a deployed rule needs deployedAt");
        if (version < 1) {
            throw new IllegalArgumentException("a deployed rule's version must be >= 1, was " + version);
        }
    }

    /** The plan the hosts run: the text parsed, with this record's version. */
    public Rule plan() {
        return withVersion(RuleText.parse(text), version);
    }

    /** The same rule with another state. */
    public DeployedRule withState(RuleState newState) {
        return new DeployedRule(name, text, version, newState, from, deployedBy, deployedAt);
    }

    static Rule withVersion(Rule rule, int version) {
        return new Rule(
                rule.name(),
                version,
                rule.source(),
                rule.partitionBy(),
                rule.where(),
                rule.body(),
                rule.select(),
                rule.emit(),
                rule.into());
    }
}
