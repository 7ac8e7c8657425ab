package io.herald.cep.engine.expr;

import java.util.Comparator;
import java.util.Objects;

/**
 * The value semantics of rule expressions. Numbers are Long or Double (other boxed numbers are widened on the way in);
 * arithmetic on two Longs stays Long, otherwise it is Double; integer division by zero is null. Null propagates.
 * Comparisons are numeric across Long and Double, lexicographic for strings; values of different kinds are unequal
 * and not ordered (the comparison is null). Stateless and thread-safe.
 */
public final class Values {
    private Values() {}

    /** A total order for sorting and min/max: booleans, then numbers (numerically), then strings, then the rest. */
    public static final Comparator<Object> ORDER = (a, b) -> {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (a) {
            case Boolean x -> Boolean.compare(x, (Boolean) b);
            case Long x when b instanceof Long y -> Long.compare(x, y);
            case Number x -> Double.compare(x.doubleValue(), ((Number) b).doubleValue());
            case String x -> x.compareTo((String) b);
            default -> String.valueOf(a).compareTo(String.valueOf(b));
        };
    };

    private static int rank(Object v) {
        return switch (v) {
            case Boolean b -> 0;
            case Number n -> 1;
            case String s -> 2;
            default -> 3;
        };
    }

    /** Widens Integer, Short, Byte to Long and Float to Double; everything else as is. */
    public static Object normalize(Object v) {
        return switch (v) {
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case null -> null;
            default -> v;
        };
    }

    /** Null when either side is null or the kinds differ; else the comparison's sign. */
    public static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number && b instanceof Number
                || a instanceof String && b instanceof String
                || a instanceof Boolean && b instanceof Boolean) {
            return ORDER.compare(a, b);
        }
        return null;
    }

    /** SQL equality: null if either is null, numeric across Long and Double. */
    public static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number && b instanceof Number) {
            return ORDER.compare(a, b) == 0;
        }
        return Objects.equals(a, b);
    }

    static Object arithmetic(char op, Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return null;
        }
        if (x instanceof Long l && y instanceof Long r) {
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> r == 0 ? null : l / r;
                default -> r == 0 ? null : l % r;
            };
        }
        double l = x.doubleValue();
        double r = y.doubleValue();
        return switch (op) {
            case '+' -> l + r;
            case '-' -> l - r;
            case '*' -> l * r;
            case '/' -> l / r;
            default -> l % r;
        };
    }

    /** True only for Boolean.TRUE: a null or non-boolean condition does not hold. */
    public static boolean holds(Object v) {
        return Boolean.TRUE.equals(v);
    }
}
