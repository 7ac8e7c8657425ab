package io.herald.cep.engine;

import io.herald.cep.plan.BinaryOp;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Many rules over the same inputs, with a shared predicate index: an event reaches only the rules that read its
 * topic and whose WHERE can hold for it. A rule whose WHERE has a top-level conjunct {@code field = literal} or
 * {@code field IN (literals)} is indexed under that field's values; an event with another value (or none) cannot
 * satisfy it, so the rule is skipped without evaluating anything. Other rules are offered every event of their
 * topics. Each engine still evaluates its full WHERE. Thousands of rules therefore cost what matches, plus one hash
 * lookup per indexed field. Owned by one thread; not thread-safe.
 */
public final class RuleSet {
    /** Per topic: the rules offered every event, and the indexed rules by field, then by value. */
    private static final class TopicIndex {
        final BitSet unindexed = new BitSet();
        final Map<String, Map<Object, BitSet>> byField = new LinkedHashMap<>();
    }

    private final List<RuleEngine> engines = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<String, TopicIndex> topics = new HashMap<>();
    // the candidates of the event being offered; reused, as the set is owned by one thread
    private final BitSet scratch = new BitSet();

    /** Adds a rule (names are unique) and returns its engine. */
    public RuleEngine add(Rule rule, EngineLimits limits) {
        if (byName.containsKey(rule.name())) {
            throw new IllegalArgumentException("a rule named " + rule.name() + " is already in the set; drop it first"
                    + " or give the new one another name");
        }
        int slot = engines.size();
        engines.add(RuleEngine.create(rule, limits));
        byName.put(rule.name(), slot);
        Optional<Discriminator> discriminator = rule.where().flatMap(RuleSet::discriminator);
        for (String topic : rule.source().topics()) {
            TopicIndex index = topics.computeIfAbsent(topic, t -> new TopicIndex());
            if (discriminator.isEmpty()) {
                index.unindexed.set(slot);
            } else {
                Map<Object, BitSet> values =
                        index.byField.computeIfAbsent(discriminator.get().field(), f -> new HashMap<>());
                for (Object value : discriminator.get().values()) {
                    values.computeIfAbsent(canonical(value), v -> new BitSet()).set(slot);
                }
            }
        }
        return engines.get(slot);
    }

    /** The engine of a rule, for its watermarks and counters. */
    public RuleEngine engine(String ruleName) {
        Integer slot = byName.get(ruleName);
        if (slot == null) {
            throw new IllegalArgumentException("no rule named " + ruleName + " in the set; known: " + byName.keySet());
        }
        return engines.get(slot);
    }

    /**
     * Offers the event to the rules that can match it, in the order they were added; returns their outputs (not to be
     * modified: it may be a rule's own answer).
     */
    public List<Output> onEvent(Event event) {
        TopicIndex index = topics.get(event.topic());
        if (index == null) {
            return List.of();
        }
        BitSet candidates = index.byField.isEmpty() ? index.unindexed : candidates(index, event);
        List<Output> out = List.of();
        for (int slot = candidates.nextSetBit(0); slot >= 0; slot = candidates.nextSetBit(slot + 1)) {
            List<Output> outputs = engines.get(slot).onEvent(event);
            if (outputs.isEmpty()) {
                continue;
            }
            if (out.isEmpty()) {
                out = outputs; // the common case, one rule answering: no copy
            } else {
                if (!(out instanceof ArrayList)) {
                    out = new ArrayList<>(out);
                }
                out.addAll(outputs);
            }
        }
        return out;
    }

    /** The topic's unindexed rules and the indexed ones the event's field values select, in {@link #scratch}. */
    private BitSet candidates(TopicIndex index, Event event) {
        scratch.clear();
        scratch.or(index.unindexed);
        for (Map.Entry<String, Map<Object, BitSet>> field : index.byField.entrySet()) {
            Object value = event.fields().get(field.getKey());
            if (value != null) {
                BitSet rules = field.getValue().get(canonical(value));
                if (rules != null) {
                    scratch.or(rules);
                }
            }
        }
        return scratch;
    }

    /** A WHERE conjunct that pins a field to a set of values. */
    private record Discriminator(String field, List<Object> values) {}

    private static Optional<Discriminator> discriminator(Expr where) {
        return switch (where) {
            case Expr.Binary b
            when b.op() == BinaryOp.AND -> discriminator(b.left()).or(() -> discriminator(b.right()));
            case Expr.Binary b
            when b.op() == BinaryOp.EQ
                    && b.left() instanceof Expr.Field f
                    && f.variable().isEmpty()
                    && b.right() instanceof Expr.Literal l
                    && l.value() != null -> Optional.of(new Discriminator(f.name(), List.of(l.value())));
            case Expr.Binary b
            when b.op() == BinaryOp.EQ
                    && b.right() instanceof Expr.Field f
                    && f.variable().isEmpty()
                    && b.left() instanceof Expr.Literal l
                    && l.value() != null -> Optional.of(new Discriminator(f.name(), List.of(l.value())));
            case Expr.In in
            when !in.negated()
                    && in.operand() instanceof Expr.Field f
                    && f.variable().isEmpty() ->
                Optional.of(new Discriminator(
                        f.name(),
                        in.values().stream()
                                .map(Expr.Literal::value)
                                .filter(v -> v != null)
                                .toList()));
            default -> Optional.empty();
        };
    }

    /**
     * The index key of a value: numbers by their double value, as {@code Values.equal} compares a Long with a Double.
     * Two Longs that differ beyond 2^53 share a key; that only offers a rule an event it then rejects.
     */
    private static Object canonical(Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }
}
