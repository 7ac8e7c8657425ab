package io.herald.cep.engine.expr;

import io.herald.cep.plan.Expr;
import io.herald.cep.plan.RuleValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles validated expressions to {@link Compiled} closures. Aggregate calls are collected into slots, one per
 * distinct call, so that a window keeps one accumulator per slot however often the rule mentions it. One compiler per
 * rule; not thread-safe while compiling, the closures it returns are.
 */
public final class ExprCompiler {
    private final Map<Expr.Call, Integer> slots = new HashMap<>();
    private final List<AggregateCall> aggregates = new ArrayList<>();

    /** The aggregate calls seen so far, in slot order. */
    public List<AggregateCall> aggregates() {
        return List.copyOf(aggregates);
    }

    public Compiled compile(Expr e) {
        return switch (e) {
            case Expr.Literal l -> {
                Object v = l.value();
                yield s -> v;
            }
            case Expr.Field f
            when f.variable().isPresent() -> {
                String variable = f.variable().get();
                String name = f.name();
                yield s -> s.field(variable, name);
            }
            case Expr.Field f -> {
                String name = f.name();
                yield s -> s.field(name);
            }
            case Expr.Not n -> {
                Compiled operand = compile(n.operand());
                yield s -> operand.eval(s) instanceof Boolean b ? !b : null;
            }
            case Expr.Negate n -> {
                Compiled operand = compile(n.operand());
                yield s -> Values.arithmetic('-', 0L, operand.eval(s));
            }
            case Expr.IsNull n -> {
                Compiled operand = compile(n.operand());
                boolean negated = n.negated();
                yield s -> (operand.eval(s) == null) != negated;
            }
            case Expr.In in -> {
                Compiled operand = compile(in.operand());
                List<Object> values =
                        in.values().stream().map(Expr.Literal::value).toList();
                boolean negated = in.negated();
                yield s -> {
                    Object v = operand.eval(s);
                    if (v == null) {
                        return null;
                    }
                    boolean found = false;
                    for (Object candidate : values) {
                        if (Boolean.TRUE.equals(Values.equal(v, candidate))) {
                            found = true;
                            break;
                        }
                    }
                    return found != negated;
                };
            }
            case Expr.Binary b -> binary(b);
            case Expr.Call c -> call(c);
        };
    }

    private Compiled binary(Expr.Binary b) {
        Compiled l = compile(b.left());
        Compiled r = compile(b.right());
        return switch (b.op()) {
            case AND ->
                s -> {
                    Object x = l.eval(s);
                    if (Boolean.FALSE.equals(x)) {
                        return false;
                    }
                    Object y = r.eval(s);
                    if (Boolean.FALSE.equals(y)) {
                        return false;
                    }
                    return Boolean.TRUE.equals(x) && Boolean.TRUE.equals(y) ? true : null;
                };
            case OR ->
                s -> {
                    Object x = l.eval(s);
                    if (Boolean.TRUE.equals(x)) {
                        return true;
                    }
                    Object y = r.eval(s);
                    if (Boolean.TRUE.equals(y)) {
                        return true;
                    }
                    return Boolean.FALSE.equals(x) && Boolean.FALSE.equals(y) ? false : null;
                };
            case EQ -> s -> Values.equal(l.eval(s), r.eval(s));
            case NE ->
                s -> {
                    Boolean eq = Values.equal(l.eval(s), r.eval(s));
                    return eq == null ? null : !eq;
                };
            case LT -> s -> sign(l.eval(s), r.eval(s), c -> c < 0);
            case LE -> s -> sign(l.eval(s), r.eval(s), c -> c <= 0);
            case GT -> s -> sign(l.eval(s), r.eval(s), c -> c > 0);
            case GE -> s -> sign(l.eval(s), r.eval(s), c -> c >= 0);
            case ADD -> s -> Values.arithmetic('+', l.eval(s), r.eval(s));
            case SUB -> s -> Values.arithmetic('-', l.eval(s), r.eval(s));
            case MUL -> s -> Values.arithmetic('*', l.eval(s), r.eval(s));
            case DIV -> s -> Values.arithmetic('/', l.eval(s), r.eval(s));
            case MOD -> s -> Values.arithmetic('%', l.eval(s), r.eval(s));
        };
    }

    private static Boolean sign(Object a, Object b, java.util.function.IntPredicate test) {
        Integer c = Values.compare(a, b);
        return c == null ? null : test.test(c);
    }

    private Compiled call(Expr.Call c) {
        if (RuleValidator.AGGREGATES.contains(c.function())) {
            int slot = slots.computeIfAbsent(c, k -> {
                Compiled argument = k.args().isEmpty() ? null : compile(k.args().get(0));
                double p = k.function().equals("percentile")
                        ? ((Number) ((Expr.Literal) k.args().get(1)).value()).doubleValue()
                        : 0;
                aggregates.add(new AggregateCall(k.function(), k.distinct(), argument, p));
                return aggregates.size() - 1;
            });
            return s -> s.aggregate(slot);
        }
        String function = c.function();
        return s -> s.scalar(function);
    }
}
