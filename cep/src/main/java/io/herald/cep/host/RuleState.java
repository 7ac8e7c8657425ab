package io.herald.cep.host;

/** Whether a hosted rule should run: {@code RUNNING} rules have a runner on each host, {@code PAUSED} ones none. */
public enum RuleState {
    /** Hosts run the rule. */
    RUNNING,
    /** Hosts stop the rule's runners; its consumer group keeps its committed offsets, so a resume continues there. */
    PAUSED
}
