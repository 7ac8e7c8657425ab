package io.herald.cep.engine;

/**
 * A run of the pattern NFA for one key: at step {@code step} with {@code count} events taken in it. Immutable: a
 * transition makes a new one, so branches never interfere.
 *
 * @param step the index of the current pattern step
 * @param count events taken in the current step
 * @param loopClosed the step's UNTIL condition fired: the loop takes no more events
 * @param last the bindings so far, last first
 * @param startSeq seq of the first event (skip strategies compare these)
 * @param startTimeMs event time of the first event (WITHIN counts from it)
 * @param created creation order within the key, for the cap's "oldest first"
 */
record PartialMatch(
        int step, int count, boolean loopClosed, Binding last, long startSeq, long startTimeMs, long created) {

    PartialMatch take(int newStep, Binding binding, long createdOrder) {
        int newCount = newStep == step ? count + 1 : 1;
        return new PartialMatch(newStep, newCount, false, binding, startSeq, startTimeMs, createdOrder);
    }

    PartialMatch closeLoop() {
        return new PartialMatch(step, count, true, last, startSeq, startTimeMs, created);
    }
}
