package io.herald.cep.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An expression of the rule language: a condition (WHERE, HAVING, DEFINE, UNTIL) or a value (SELECT). Plain data, no
 * lambdas, so a plan can be printed back to text and deployed anywhere. The default methods are the fluent way to
 * build one in Java: {@code field("amount").gt(100).and(field("currency").eq("EUR"))}.
 */
public sealed interface Expr
        permits Expr.Literal, Expr.Field, Expr.Binary, Expr.Not, Expr.Negate, Expr.In, Expr.IsNull, Expr.Call {

    /** A constant: a {@code Long}, a {@code Double} (finite), a {@code String}, a {@code Boolean}, or null. */
    record Literal(Object value) implements Expr {
        /** Checks the value is one of the supported types. */
        public Literal {
            if (value instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("a literal must be a finite number, was " + d);
            }
            if (value != null
                    && !(value instanceof Long
                            || value instanceof Double
                            || value instanceof String
                            || value instanceof Boolean)) {
                throw new IllegalArgumentException("a literal is a Long, Double, String, Boolean or null, was "
                        + value.getClass().getName());
            }
        }
    }

    /** A field of the current event, or with a variable ({@code a.amount}) of the last event bound to it. */
    record Field(Optional<String> variable, String name) implements Expr {}

    /** A binary operator; see {@link BinaryOp} for precedence. */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {}

    /** Logical negation (three-valued: NOT null is null). */
    record Not(Expr operand) implements Expr {}

    /** Arithmetic negation. */
    record Negate(Expr operand) implements Expr {}

    /** {@code operand [NOT] IN (v1, v2, ...)}. */
    record In(Expr operand, List<Literal> values, boolean negated) implements Expr {
        /** Copies the list. */
        public In {
            values = List.copyOf(values);
        }
    }

    /** {@code operand IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean negated) implements Expr {}

    /**
     * A function call; the name is lower case. {@code count(*)} is {@code count} with no arguments. Aggregates:
     * count, sum, avg, min, max, percentile(x, p); scalars: window_start, window_end, event_time, rule_key.
     */
    record Call(String function, boolean distinct, List<Expr> args) implements Expr {
        /** Lower-cases the name and copies the arguments. */
        public Call {
            function = function.toLowerCase(java.util.Locale.ROOT);
            args = List.copyOf(args);
        }
    }

    // ---- fluent construction ----

    /** A field of the current event. */
    static Expr field(String name) {
        return new Field(Optional.empty(), name);
    }

    /** A field of the last event bound to a pattern variable. */
    static Expr field(String variable, String name) {
        return new Field(Optional.of(variable), name);
    }

    /** A literal; ints, shorts and floats are widened to Long and Double. */
    static Literal literal(Object value) {
        return new Literal(widen(value));
    }

    /** {@code count(*)}. */
    static Expr count() {
        return new Call("count", false, List.of());
    }

    /** {@code count(x)}: the rows where x is not null. */
    static Expr count(Expr x) {
        return new Call("count", false, List.of(x));
    }

    /** {@code count(DISTINCT x)}. */
    static Expr countDistinct(Expr x) {
        return new Call("count", true, List.of(x));
    }

    /** {@code sum(x)}. */
    static Expr sum(Expr x) {
        return new Call("sum", false, List.of(x));
    }

    /** {@code avg(x)}. */
    static Expr avg(Expr x) {
        return new Call("avg", false, List.of(x));
    }

    /** {@code min(x)}. */
    static Expr min(Expr x) {
        return new Call("min", false, List.of(x));
    }

    /** {@code max(x)}. */
    static Expr max(Expr x) {
        return new Call("max", false, List.of(x));
    }

    /** {@code percentile(x, p)}, nearest rank, {@code 0 < p <= 1}. */
    static Expr percentile(Expr x, double p) {
        return new Call("percentile", false, List.of(x, new Literal(p)));
    }

    /** Any function by name. */
    static Expr call(String function, Expr... args) {
        return new Call(function, false, Arrays.asList(args));
    }

    /** {@code this AND other}. */
    default Expr and(Expr other) {
        return new Binary(BinaryOp.AND, this, other);
    }

    /** {@code this OR other}. */
    default Expr or(Expr other) {
        return new Binary(BinaryOp.OR, this, other);
    }

    /** {@code this = other}; other is an {@link Expr} or a literal value. */
    default Expr eq(Object other) {
        return new Binary(BinaryOp.EQ, this, lift(other));
    }

    /** {@code this != other}. */
    default Expr ne(Object other) {
        return new Binary(BinaryOp.NE, this, lift(other));
    }

    /** {@code this < other}. */
    default Expr lt(Object other) {
        return new Binary(BinaryOp.LT, this, lift(other));
    }

    /** {@code this <= other}. */
    default Expr le(Object other) {
        return new Binary(BinaryOp.LE, this, lift(other));
    }

    /** {@code this > other}. */
    default Expr gt(Object other) {
        return new Binary(BinaryOp.GT, this, lift(other));
    }

    /** {@code this >= other}. */
    default Expr ge(Object other) {
        return new Binary(BinaryOp.GE, this, lift(other));
    }

    /** {@code this + other}. */
    default Expr plus(Object other) {
        return new Binary(BinaryOp.ADD, this, lift(other));
    }

    /** {@code this - other}. */
    default Expr minus(Object other) {
        return new Binary(BinaryOp.SUB, this, lift(other));
    }

    /** {@code this * other}. */
    default Expr times(Object other) {
        return new Binary(BinaryOp.MUL, this, lift(other));
    }

    /** {@code this IN (values...)}; the values are literals. */
    default Expr in(Object... values) {
        return new In(this, Arrays.stream(values).map(Expr::literal).toList(), false);
    }

    /** {@code this IS NULL}. */
    default Expr isNull() {
        return new IsNull(this, false);
    }

    /** This expression under a name in a SELECT list. */
    default SelectItem as(String alias) {
        return new SelectItem(this, Optional.of(alias));
    }

    private static Expr lift(Object value) {
        return value instanceof Expr e ? e : literal(value);
    }

    private static Object widen(Object value) {
        return switch (value) {
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            default -> value;
        };
    }
}
