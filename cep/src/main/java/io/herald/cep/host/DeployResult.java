package io.herald.cep.host;

/** What a deploy did: created the rule, gave it a new version, or nothing because the plan is the same. */
public sealed interface DeployResult {
    /** The rule as the topic holds it after the deploy. */
    DeployedRule rule();

    /** A rule name not deployed before: version 1. */
    record Created(DeployedRule rule) implements DeployResult {}

    /** The plan differs from the current one: version n+1, starting from the deploy's start point. */
    record Changed(DeployedRule rule, int previousVersion) implements DeployResult {}

    /** The plan equals the current one: nothing was written, the rule keeps its version, state and start point. */
    record Unchanged(DeployedRule rule) implements DeployResult {}
}
