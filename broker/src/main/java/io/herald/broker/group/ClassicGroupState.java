package io.herald.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group, with the names Kafka's tools print.
 *
 * <pre>
 *            join (first member)                  all members joined, or rebalance timeout
 *   Empty ─────────────────────► PreparingRebalance ─────────────────────► CompletingRebalance
 *     ▲                            ▲   │ no member left                        │ leader's SyncGroup
 *     └────────────────────────────┼───┘                                       ▼
 *                                  └──── join, leave, expiry, new leader ── Stable
 *   (any state) ── DeleteGroups ──► Dead
 * </pre>
 */
enum ClassicGroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    ClassicGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    String kafkaName() {
        return kafkaName;
    }

    Set<ClassicGroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, STABLE, COMPLETING_REBALANCE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(ClassicGroupState.class);
        };
    }
}
