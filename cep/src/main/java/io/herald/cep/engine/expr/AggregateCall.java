package io.herald.cep.engine.expr;

/**
 * One aggregate used by a rule, with its argument compiled. Equal aggregate calls share one slot.
 *
 * @param function count, sum, avg, min, max or percentile
 * @param distinct count(DISTINCT x)
 * @param argument the compiled argument, null for count(*)
 * @param percentile p of percentile(x, p), else 0
 */
public record AggregateCall(String function, boolean distinct, Compiled argument, double percentile) {}
