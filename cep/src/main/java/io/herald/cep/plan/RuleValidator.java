package io.herald.cep.plan;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a plan can run: known functions in the right places, variables bound before use, and above all that no
 * pattern can grow its state without bound (a loop needs WITHIN or UNTIL). Shared by the parser and the builder, so
 * text and Java rules are held to the same rules.
 */
public final class RuleValidator {
    /** The aggregate functions, valid in the SELECT and HAVING of a window rule. */
    public static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "percentile");

    /** The scalar functions without arguments. */
    public static final Set<String> SCALARS = Set.of("window_start", "window_end", "event_time", "rule_key");

    /** At most this many hopping windows hold one event (size / advance). */
    public static final int MAX_HOPS = 1000;

    private RuleValidator() {}

    /**
     * @throws InvalidRuleException naming what is wrong and how to fix it
     */
    public static void validate(Rule rule) {
        String r = "rule " + rule.name();
        if (rule.name().isBlank()) {
            throw new InvalidRuleException("a rule needs a name");
        }
        if (rule.version() < 1) {
            throw new InvalidRuleException(r + ": VERSION must be >= 1, was " + rule.version());
        }
        Source source = rule.source();
        bounded(r, "WATERMARK LAG", source.watermarkLag());
        bounded(r, "ALLOWED LATENESS", source.allowedLateness());
        bounded(r, "IDLE TIMEOUT", source.idleTimeout());
        Body body = rule.body();
        rule.where().ifPresent(w -> checkExpr(r, "WHERE", w, Context.EVENT, Set.of()));
        switch (body) {
            case Body.PerEvent p -> {}
            case Body.Windowed w -> checkWindow(r, w);
            case Body.Matching m -> checkPattern(r, m.pattern());
        }
        Context selectContext = switch (body) {
            case Body.PerEvent p -> Context.EVENT;
            case Body.Windowed w -> Context.WINDOW;
            case Body.Matching m -> Context.MATCH;
        };
        Set<String> variables = body instanceof Body.Matching m ? variables(m.pattern()) : Set.of();
        switch (rule.select()) {
            case Projection.AllFields a -> {
                if (!(body instanceof Body.PerEvent)) {
                    throw new InvalidRuleException(r + ": SELECT * is for filter rules only; list the columns");
                }
            }
            case Projection.Columns c ->
                c.items().forEach(i -> checkExpr(r, "SELECT", i.expr(), selectContext, variables));
        }
        Emit emit = rule.emit();
        if (emit.mode() != EmitMode.ON_MATCH && !(body instanceof Body.Windowed)) {
            throw new InvalidRuleException(r + ": EMIT " + emit.mode().name().replace('_', ' ')
                    + " needs a WINDOW; filters and patterns emit ON MATCH");
        }
        if (body instanceof Body.Windowed w && w.window() instanceof Window.Range && emit.mode() != EmitMode.ON_MATCH) {
            throw new InvalidRuleException(r + ": a RANGE window is evaluated once per event; use EMIT ON MATCH");
        }
        if (emit.suppress().isPresent()) {
            if (emit.mode() != EmitMode.ON_MATCH || body instanceof Body.PerEvent) {
                throw new InvalidRuleException(
                        r + ": SUPPRESS applies to EMIT ON MATCH of a window or pattern rule only");
            }
            positive(r, "SUPPRESS", emit.suppress().get());
        }
    }

    private static void checkWindow(String r, Body.Windowed w) {
        switch (w.window()) {
            case Window.Tumbling t -> positive(r, "TUMBLING", t.size());
            case Window.Session s -> positive(r, "SESSION GAP", s.gap());
            case Window.Range g -> positive(r, "RANGE", g.length());
            case Window.Hopping h -> {
                positive(r, "HOPPING", h.size());
                positive(r, "ADVANCE", h.advance());
                if (h.advance().compareTo(h.size()) > 0
                        || h.size().toMillis() % h.advance().toMillis() != 0) {
                    throw new InvalidRuleException(r + ": HOPPING " + h.size().toMillis() + "ms ADVANCE "
                            + h.advance().toMillis() + "ms: the advance must divide the size");
                }
                if (h.size().toMillis() / h.advance().toMillis() > MAX_HOPS) {
                    throw new InvalidRuleException(r + ": HOPPING " + h.size().toMillis() + "ms ADVANCE "
                            + h.advance().toMillis() + "ms puts each event in more than " + MAX_HOPS
                            + " windows; use a larger advance, or WINDOW RANGE for a sliding window");
                }
            }
        }
        w.having().ifPresent(h -> checkExpr(r, "HAVING", h, Context.WINDOW, Set.of()));
    }

    private static void checkPattern(String r, Pattern p) {
        Set<String> seen = new HashSet<>();
        List<Step> steps = p.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String v = s.variable();
            if (!seen.add(v)) {
                throw new InvalidRuleException(
                        r + ": pattern variable " + v + " appears twice; give each step its own");
            }
            if (s.absent()) {
                if (i == 0) {
                    throw new InvalidRuleException(r + ": a pattern cannot start with NOT " + v
                            + "; absence is measured from an earlier step");
                }
                if (steps.get(i - 1).absent()) {
                    throw new InvalidRuleException(r + ": NOT " + v + " follows another NOT; merge them into one"
                            + " condition (NOT x with DEFINE x AS c1 OR c2)");
                }
                if (!s.quantifier().equals(Quantifier.ONE) || s.until().isPresent()) {
                    throw new InvalidRuleException(r + ": NOT " + v + " takes no quantifier and no UNTIL");
                }
                if (steps.get(i - 1).quantifier().min() == 0
                        || (i + 1 < steps.size()
                                && steps.get(i + 1).quantifier().min() == 0)) {
                    throw new InvalidRuleException(r + ": NOT " + v + " sits next to an optional step; the steps"
                            + " around an absence must take at least one event");
                }
                if (i == steps.size() - 1 && p.within().isEmpty()) {
                    throw new InvalidRuleException(r + ": a pattern ending in NOT " + v
                            + " never completes without WITHIN; add WITHIN <duration>");
                }
            }
            if (i == 0 && s.quantifier().min() == 0) {
                throw new InvalidRuleException(
                        r + ": the first step " + v + " must take at least one event; drop its ? or *");
            }
            if (s.until().isPresent() && !s.quantifier().isLoop()) {
                throw new InvalidRuleException(r + ": UNTIL applies to a loop; " + v + " takes one event");
            }
            if (s.quantifier().isUnbounded()
                    && p.within().isEmpty()
                    && s.until().isEmpty()) {
                throw new InvalidRuleException(r + ": pattern variable " + v + " is a loop with neither WITHIN nor"
                        + " UNTIL, so its partial matches could grow without bound; add WITHIN <duration> after the"
                        + " pattern or UNTIL <condition> to the loop");
            }
            Set<String> bound = Set.copyOf(seen);
            p.condition(v).ifPresent(c -> checkExpr(r, "DEFINE " + v, c, Context.MATCH, bound));
            s.until().ifPresent(c -> checkExpr(r, "UNTIL of " + v, c, Context.MATCH, bound));
        }
        p.within().ifPresent(d -> positive(r, "WITHIN", d));
        for (Define d : p.defines()) {
            if (!seen.contains(d.variable())) {
                throw new InvalidRuleException(
                        r + ": DEFINE " + d.variable() + " names no step of the pattern " + seen);
            }
        }
        Optional<String> skipTo = switch (p.skip()) {
            case SkipStrategy.ToFirst f -> Optional.of(f.variable());
            case SkipStrategy.ToLast l -> Optional.of(l.variable());
            default -> Optional.empty();
        };
        skipTo.ifPresent(v -> {
            if (!seen.contains(v)
                    || steps.stream().anyMatch(s -> s.absent() && s.variable().equals(v))) {
                throw new InvalidRuleException(r + ": AFTER MATCH SKIP TO " + v + " names no (present) step");
            }
        });
    }

    private static Set<String> variables(Pattern p) {
        Set<String> vars = new HashSet<>();
        p.steps().forEach(s -> vars.add(s.variable()));
        return vars;
    }

    private enum Context {
        EVENT,
        WINDOW,
        MATCH
    }

    private static void checkExpr(String r, String clause, Expr e, Context ctx, Set<String> variables) {
        checkExpr(r, clause, e, ctx, variables, false);
    }

    private static void checkExpr(
            String r, String clause, Expr e, Context ctx, Set<String> variables, boolean insideAggregate) {
        switch (e) {
            case Expr.Literal l -> {}
            case Expr.Field f ->
                f.variable().ifPresent(v -> {
                    if (ctx != Context.MATCH) {
                        throw new InvalidRuleException(
                                r + ": " + clause + " refers to " + v + "." + f.name() + " outside a pattern");
                    }
                    if (!variables.contains(v)) {
                        throw new InvalidRuleException(r + ": " + clause + " refers to " + v + "." + f.name() + " but "
                                + v + " is not bound at that point; refer to earlier steps only");
                    }
                });
            case Expr.Binary b -> {
                checkExpr(r, clause, b.left(), ctx, variables, insideAggregate);
                checkExpr(r, clause, b.right(), ctx, variables, insideAggregate);
            }
            case Expr.Not n -> checkExpr(r, clause, n.operand(), ctx, variables, insideAggregate);
            case Expr.Negate n -> checkExpr(r, clause, n.operand(), ctx, variables, insideAggregate);
            case Expr.In in -> checkExpr(r, clause, in.operand(), ctx, variables, insideAggregate);
            case Expr.IsNull n -> checkExpr(r, clause, n.operand(), ctx, variables, insideAggregate);
            case Expr.Call c -> checkCall(r, clause, c, ctx, variables, insideAggregate);
        }
    }

    private static void checkCall(
            String r, String clause, Expr.Call c, Context ctx, Set<String> variables, boolean insideAggregate) {
        String f = c.function();
        if (AGGREGATES.contains(f)) {
            if (ctx != Context.WINDOW) {
                throw new InvalidRuleException(
                        r + ": " + clause + " uses the aggregate " + f + "(); aggregates need a WINDOW rule");
            }
            if (insideAggregate) {
                throw new InvalidRuleException(r + ": " + clause + " nests the aggregate " + f + "() in another");
            }
            if (c.distinct() && !f.equals("count")) {
                throw new InvalidRuleException(r + ": DISTINCT is supported in count() only, not in " + f + "()");
            }
            int expected = f.equals("percentile") ? 2 : 1;
            boolean countStar = f.equals("count") && c.args().isEmpty() && !c.distinct();
            if (!countStar && c.args().size() != expected) {
                throw new InvalidRuleException(r + ": " + f + "() takes " + expected + " argument(s), was "
                        + c.args().size());
            }
            if (f.equals("percentile")) {
                double p = c.args().get(1) instanceof Expr.Literal(Number n) ? n.doubleValue() : -1;
                if (!(p > 0 && p <= 1)) {
                    throw new InvalidRuleException(r + ": percentile(x, p) needs a literal p with 0 < p <= 1, was "
                            + c.args().get(1));
                }
            }
            if (!c.args().isEmpty()) {
                checkExpr(r, clause, c.args().get(0), Context.EVENT, variables, true);
            }
            return;
        }
        if (SCALARS.contains(f)) {
            if (!c.args().isEmpty() || c.distinct()) {
                throw new InvalidRuleException(r + ": " + f + "() takes no arguments");
            }
            if (f.startsWith("window_") && ctx != Context.WINDOW) {
                throw new InvalidRuleException(r + ": " + clause + " uses " + f + "() outside a WINDOW rule");
            }
            return;
        }
        throw new InvalidRuleException(r + ": unknown function " + f + "(); known: " + AGGREGATES + " and " + SCALARS);
    }

    /** Durations longer than this are surely mistakes, and keep event-time arithmetic far from overflow. */
    private static final Duration LONGEST = Duration.ofDays(36_500);

    private static void bounded(String r, String clause, Duration d) {
        if (d.isNegative() || d.compareTo(LONGEST) > 0 || d.getNano() % 1_000_000 != 0) {
            throw new InvalidRuleException(
                    r + ": " + clause + " must be a whole number of milliseconds from 0 to 36500d," + " was " + d);
        }
    }

    private static void positive(String r, String clause, Duration d) {
        bounded(r, clause, d);
        if (d.isZero()) {
            throw new InvalidRuleException(
                    r + ": " + clause + " must be a positive whole number of milliseconds, was " + d);
        }
    }
}
