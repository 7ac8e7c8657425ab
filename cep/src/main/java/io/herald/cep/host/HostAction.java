package io.herald.cep.host;

/**
 * What a host does to its runner of one rule when the rules topic changes: the difference between the rule it runs
 * (null: none) and the rule the topic now wants (null: dropped). Pure.
 */
sealed interface HostAction {
    /** Nothing to change. */
    record Keep() implements HostAction {}

    /** Start a runner for the rule. */
    record Start(DeployedRule rule) implements HostAction {}

    /** Stop the runner (paused or dropped). */
    record Stop() implements HostAction {}

    /** Stop the runner of the old version, start one for the new version. */
    record Restart(DeployedRule rule) implements HostAction {}

    /**
     * @param running the rule this host runs now, null when it runs none (or its runner has stopped)
     * @param wanted the rule as the topic holds it, null when dropped
     */
    static HostAction between(DeployedRule running, DeployedRule wanted) {
        boolean shouldRun = wanted != null && wanted.state() == RuleState.RUNNING;
        if (!shouldRun) {
            return running == null ? new Keep() : new Stop();
        }
        if (running == null) {
            return new Start(wanted);
        }
        return running.version() == wanted.version() ? new Keep() : new Restart(wanted);
    }
}
