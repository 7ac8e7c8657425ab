package io.herald.cep.text;

import io.herald.cep.plan.Body;
import io.herald.cep.plan.Emit;
import io.herald.cep.plan.EmitMode;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Projection;
import io.herald.cep.plan.Quantifier;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.SelectItem;
import io.herald.cep.plan.SkipStrategy;
import io.herald.cep.plan.Source;
import io.herald.cep.plan.Step;
import io.herald.cep.plan.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a plan back into rule text, one clause per line, leaving out what equals the default. Parentheses appear only
 * where precedence needs them, so the text parses back to the same plan.
 */
final class Printer {
    private Printer() {}

    static String print(Rule rule) {
        List<String> lines = new ArrayList<>();
        lines.add("CREATE RULE " + name(rule.name()) + (rule.version() == 1 ? "" : " VERSION " + rule.version()));
        lines.add(source(rule.source()));
        rule.partitionBy().ifPresent(p -> lines.add("PARTITION BY " + name(p)));
        rule.where().ifPresent(w -> lines.add("WHERE " + expr(w)));
        switch (rule.body()) {
            case Body.PerEvent p -> {}
            case Body.Windowed w -> {
                lines.add("WINDOW " + window(w.window()));
                w.having().ifPresent(h -> lines.add("HAVING " + expr(h)));
            }
            case Body.Matching m -> pattern(m.pattern(), lines);
        }
        lines.add("SELECT " + select(rule.select()));
        Emit emit = rule.emit();
        if (emit.mode() != Rule.defaultEmitMode(rule.body()) || emit.suppress().isPresent()) {
            lines.add("EMIT " + mode(emit.mode())
                    + emit.suppress().map(d -> " SUPPRESS " + duration(d)).orElse(""));
        }
        lines.add("INTO " + name(rule.into()));
        return String.join("\n", lines) + "\n";
    }

    private static String source(Source s) {
        StringBuilder b = new StringBuilder("FROM ");
        b.append(s.topics().stream().map(Printer::name).collect(Collectors.joining(", ")));
        s.eventTimeField().ifPresent(f -> b.append(" EVENT TIME ").append(name(f)));
        if (!s.watermarkLag().isZero()) {
            b.append(" WATERMARK LAG ").append(duration(s.watermarkLag()));
        }
        if (!s.allowedLateness().isZero()) {
            b.append(" ALLOWED LATENESS ").append(duration(s.allowedLateness()));
        }
        if (!s.idleTimeout().equals(Source.DEFAULT_IDLE_TIMEOUT)) {
            b.append(" IDLE TIMEOUT ").append(duration(s.idleTimeout()));
        }
        return b.toString();
    }

    private static String window(Window w) {
        return switch (w) {
            case Window.Tumbling t -> "TUMBLING " + duration(t.size());
            case Window.Hopping h -> "HOPPING " + duration(h.size()) + " ADVANCE " + duration(h.advance());
            case Window.Session s -> "SESSION GAP " + duration(s.gap());
            case Window.Range r -> "RANGE " + duration(r.length());
        };
    }

    private static void pattern(Pattern p, List<String> lines) {
        StringBuilder b = new StringBuilder("MATCH PATTERN (");
        for (int i = 0; i < p.steps().size(); i++) {
            Step s = p.steps().get(i);
            if (i > 0) {
                b.append(
                        s.contiguity() == io.herald.cep.plan.Contiguity.STRICT
                                ? ", "
                                : " " + s.contiguity().text() + " ");
            }
            b.append(step(s));
        }
        b.append(")");
        p.within().ifPresent(d -> b.append(" WITHIN ").append(duration(d)));
        lines.add(b.toString());
        if (!p.defines().isEmpty()) {
            lines.add("DEFINE "
                    + p.defines().stream()
                            .map(d -> name(d.variable()) + " AS " + expr(d.condition()))
                            .collect(Collectors.joining(", ")));
        }
        if (!(p.skip() instanceof SkipStrategy.PastLastEvent)) {
            lines.add("AFTER MATCH " + skip(p.skip()));
        }
    }

    private static String step(Step s) {
        if (s.absent()) {
            return "NOT " + name(s.variable());
        }
        return name(s.variable())
                + quantifier(s.quantifier())
                + s.until().map(u -> " UNTIL " + expr(u)).orElse("");
    }

    private static String quantifier(Quantifier q) {
        if (q.equals(Quantifier.ONE)) {
            return "";
        }
        if (q.equals(Quantifier.OPTIONAL)) {
            return "?";
        }
        if (q.equals(Quantifier.ZERO_OR_MORE)) {
            return "*";
        }
        if (q.equals(Quantifier.ONE_OR_MORE)) {
            return "+";
        }
        if (q.min() == q.max()) {
            return "{" + q.min() + "}";
        }
        return "{" + q.min() + "," + (q.isUnbounded() ? "" : q.max()) + "}";
    }

    private static String skip(SkipStrategy s) {
        return switch (s) {
            case SkipStrategy.NoSkip n -> "NO SKIP";
            case SkipStrategy.ToNextEvent n -> "SKIP TO NEXT EVENT";
            case SkipStrategy.PastLastEvent p -> "SKIP PAST LAST EVENT";
            case SkipStrategy.ToFirst f -> "SKIP TO FIRST " + name(f.variable());
            case SkipStrategy.ToLast l -> "SKIP TO LAST " + name(l.variable());
        };
    }

    private static String select(Projection p) {
        return switch (p) {
            case Projection.AllFields a -> "*";
            case Projection.Columns c -> c.items().stream().map(Printer::item).collect(Collectors.joining(", "));
        };
    }

    private static String item(SelectItem i) {
        return expr(i.expr()) + i.alias().map(a -> " AS " + name(a)).orElse("");
    }

    private static String mode(EmitMode m) {
        return switch (m) {
            case ON_MATCH -> "ON MATCH";
            case FINAL -> "FINAL";
            case CHANGES -> "CHANGES";
        };
    }

    /** The shortest exact form: the largest unit that divides the duration. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static String name(String name) {
        return Keywords.isBareName(name) ? name : "`" + name.replace("`", "``") + "`";
    }

    // ---- expressions ----

    private static final int NOT_PRECEDENCE = 3;
    private static final int UNARY_PRECEDENCE = 7;

    static String expr(Expr e) {
        return switch (e) {
            case Expr.Literal l -> literal(l.value());
            case Expr.Field f -> f.variable().map(v -> name(v) + ".").orElse("") + name(f.name());
            case Expr.Binary b -> {
                int p = b.op().precedence();
                // left-associative; comparisons do not chain, so an equal-precedence child is bracketed on both sides
                String left = operand(b.left(), b.op().isComparison() ? p + 1 : p);
                String right = operand(b.right(), p + 1);
                yield left + " " + b.op().text() + " " + right;
            }
            case Expr.Not n -> "NOT " + operand(n.operand(), NOT_PRECEDENCE);
            case Expr.Negate n -> "-(" + expr(n.operand()) + ")";
            case Expr.In in ->
                operand(in.operand(), 5)
                        + (in.negated() ? " NOT IN (" : " IN (")
                        + in.values().stream().map(v -> literal(v.value())).collect(Collectors.joining(", "))
                        + ")";
            case Expr.IsNull n -> operand(n.operand(), 5) + (n.negated() ? " IS NOT NULL" : " IS NULL");
            case Expr.Call c ->
                c.function()
                        + "("
                        + (c.function().equals("count") && c.args().isEmpty() ? "*" : "")
                        + (c.distinct() ? "DISTINCT " : "")
                        + c.args().stream().map(Printer::expr).collect(Collectors.joining(", "))
                        + ")";
        };
    }

    /** The expression, bracketed when it binds less tightly than its position needs. */
    private static String operand(Expr e, int needed) {
        String text = expr(e);
        return precedence(e) < needed ? "(" + text + ")" : text;
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case Expr.Binary b -> b.op().precedence();
            case Expr.Not n -> NOT_PRECEDENCE;
            case Expr.In in -> 4;
            case Expr.IsNull n -> 4;
            default -> UNARY_PRECEDENCE;
        };
    }

    private static String literal(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> "'" + s.replace("'", "''") + "'";
            case Boolean b -> b ? "TRUE" : "FALSE";
            case Double d -> {
                String text = Double.toString(d);
                yield text;
            }
            default -> value.toString();
        };
    }
}
