package io.herald.cep.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.BinaryOp;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Define;
import io.herald.cep.plan.Emit;
import io.herald.cep.plan.EmitMode;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Projection;
import io.herald.cep.plan.Quantifier;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.RuleValidator;
import io.herald.cep.plan.SelectItem;
import io.herald.cep.plan.SkipStrategy;
import io.herald.cep.plan.Source;
import io.herald.cep.plan.Step;
import io.herald.cep.plan.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(print(plan)) == plan, over generated valid plans of all three kinds. */
class RuleRoundTripPropertiesTest {
    private static final List<String> NAMES = List.of("a1", "user_id", "ts", "x", "time", "select", "orders.v2", "é_ß");

    @Property(tries = 500)
    void printedRuleParsesBackToTheSamePlan(@ForAll("rules") Rule rule) {
        String text = RuleText.print(rule);

        assertThat(RuleText.parse(text)).as(text).isEqualTo(rule);
    }

    @Property(tries = 500)
    void printedExpressionParsesBackToTheSameTree(@ForAll("seeds") long seed) {
        Expr e = new Gen(new Random(seed)).expr(4, Gen.Scope.EVENT, List.of());

        assertThat(RuleText.parseExpression(RuleText.print(e)))
                .as(RuleText.print(e))
                .isEqualTo(e);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Rule> rules() {
        return Arbitraries.longs().map(seed -> new Gen(new Random(seed)).rule());
    }

    /** A seeded generator of valid plans; jqwik shrinks the seed. */
    static final class Gen {
        enum Scope {
            EVENT,
            WINDOW,
            MATCH
        }

        private final Random random;

        Gen(Random random) {
            this.random = random;
        }

        Rule rule() {
            int kind = random.nextInt(3);
            Source source = new Source(
                    pickSome(),
                    random.nextBoolean() ? Optional.of(name()) : Optional.empty(),
                    duration(true),
                    duration(true),
                    random.nextBoolean() ? Source.DEFAULT_IDLE_TIMEOUT : duration(false));
            Optional<String> partitionBy = random.nextBoolean() ? Optional.of(name()) : Optional.empty();
            Optional<Expr> where =
                    random.nextBoolean() ? Optional.of(expr(3, Scope.EVENT, List.of())) : Optional.empty();
            Body body;
            Projection select;
            Emit emit;
            if (kind == 0) {
                body = new Body.PerEvent();
                select = random.nextBoolean() ? new Projection.AllFields() : columns(Scope.EVENT, List.of());
                emit = Emit.onMatch();
            } else if (kind == 1) {
                Window window = window();
                body = new Body.Windowed(
                        window,
                        random.nextBoolean() ? Optional.of(expr(3, Scope.WINDOW, List.of())) : Optional.empty());
                select = columns(Scope.WINDOW, List.of());
                EmitMode mode =
                        window instanceof Window.Range ? EmitMode.ON_MATCH : EmitMode.values()[random.nextInt(3)];
                emit = mode == EmitMode.ON_MATCH && random.nextBoolean()
                        ? Emit.onMatch().suppress(duration(false))
                        : new Emit(mode, Optional.empty());
            } else {
                Pattern pattern = pattern();
                body = new Body.Matching(pattern);
                select = columns(
                        Scope.MATCH,
                        pattern.steps().stream().map(Step::variable).toList());
                emit = random.nextBoolean() ? Emit.onMatch() : Emit.onMatch().suppress(duration(false));
            }
            Rule rule = new Rule(name(), 1 + random.nextInt(3), source, partitionBy, where, body, select, emit, name());
            RuleValidator.validate(rule);
            return rule;
        }

        private Window window() {
            Duration d = duration(false);
            return switch (random.nextInt(4)) {
                case 0 -> Window.tumbling(d);
                case 1 -> Window.hopping(d.multipliedBy(4), d);
                case 2 -> Window.session(d);
                default -> Window.range(d);
            };
        }

        private Pattern pattern() {
            int n = 1 + random.nextInt(4);
            List<Step> steps = new ArrayList<>();
            List<Define> defines = new ArrayList<>();
            List<String> bound = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String v = "v" + i;
                Contiguity c = Contiguity.values()[random.nextInt(3)];
                boolean afterAbsent = i > 0 && steps.get(i - 1).absent();
                boolean absent =
                        i > 0 && !afterAbsent && steps.get(i - 1).quantifier().min() > 0 && random.nextInt(4) == 0;
                Step step;
                if (absent) {
                    step = Step.absent(c, v);
                } else {
                    Quantifier q = switch (random.nextInt(6)) {
                        case 0 -> Quantifier.OPTIONAL;
                        case 1 -> Quantifier.ZERO_OR_MORE;
                        case 2 -> Quantifier.ONE_OR_MORE;
                        case 3 -> new Quantifier(2, 2 + random.nextInt(3));
                        case 4 -> new Quantifier(3, Quantifier.UNBOUNDED);
                        default -> Quantifier.ONE;
                    };
                    if ((i == 0 || afterAbsent) && q.min() == 0) {
                        q = Quantifier.ONE;
                    }
                    step = Step.of(c, v).times(q);
                    if (q.isLoop() && random.nextBoolean()) {
                        bound.add(v);
                        step = step.until(expr(2, Scope.MATCH, List.copyOf(bound)));
                        bound.remove(v);
                    }
                }
                steps.add(step);
                bound.add(v);
                if (random.nextBoolean()) {
                    defines.add(new Define(v, expr(2, Scope.MATCH, List.copyOf(bound))));
                }
            }
            List<String> present =
                    steps.stream().filter(s -> !s.absent()).map(Step::variable).toList();
            SkipStrategy skip = switch (random.nextInt(5)) {
                case 0 -> new SkipStrategy.NoSkip();
                case 1 -> new SkipStrategy.ToNextEvent();
                case 2 -> new SkipStrategy.ToFirst(pick(present));
                case 3 -> new SkipStrategy.ToLast(pick(present));
                default -> new SkipStrategy.PastLastEvent();
            };
            return new Pattern(steps, Optional.of(duration(false)), defines, skip);
        }

        private Projection columns(Scope scope, List<String> variables) {
            int n = 1 + random.nextInt(3);
            List<SelectItem> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(new SelectItem(
                        expr(2, scope, variables), random.nextBoolean() ? Optional.of(name()) : Optional.empty()));
            }
            return new Projection.Columns(items);
        }

        Expr expr(int depth, Scope scope, List<String> variables) {
            int choice = random.nextInt(depth <= 0 ? 3 : 10);
            return switch (choice) {
                case 0 -> literal();
                case 1 -> field(scope, variables);
                case 2 -> scope == Scope.WINDOW ? aggregate() : field(scope, variables);
                case 3, 4, 5 ->
                    new Expr.Binary(
                            BinaryOp.values()[random.nextInt(BinaryOp.values().length)],
                            expr(depth - 1, scope, variables),
                            expr(depth - 1, scope, variables));
                case 6 -> new Expr.Not(expr(depth - 1, scope, variables));
                case 7 -> new Expr.Negate(expr(depth - 1, scope, variables));
                case 8 ->
                    new Expr.In(expr(depth - 1, scope, variables), List.of(literal(), literal()), random.nextBoolean());
                default -> new Expr.IsNull(expr(depth - 1, scope, variables), random.nextBoolean());
            };
        }

        private Expr aggregate() {
            Expr arg = field(Scope.EVENT, List.of());
            return switch (random.nextInt(5)) {
                case 0 -> Expr.count();
                case 1 -> Expr.countDistinct(arg);
                case 2 -> Expr.percentile(arg, 0.5);
                case 3 -> Expr.call("window_start");
                default ->
                    new Expr.Call(
                            List.of("sum", "avg", "min", "max", "count").get(random.nextInt(5)), false, List.of(arg));
            };
        }

        private Expr field(Scope scope, List<String> variables) {
            if (scope == Scope.MATCH && !variables.isEmpty() && random.nextBoolean()) {
                return Expr.field(pick(variables), name());
            }
            return Expr.field(name());
        }

        private Expr.Literal literal() {
            return switch (random.nextInt(6)) {
                case 0 -> new Expr.Literal(random.nextLong(-1000, 1000));
                case 1 -> new Expr.Literal(random.nextBoolean() ? Long.MIN_VALUE : random.nextDouble(-1e12, 1e12));
                case 2 -> new Expr.Literal(List.of("", "it's", "a\nb", "`q`").get(random.nextInt(4)));
                case 3 -> new Expr.Literal(random.nextBoolean());
                case 4 -> new Expr.Literal(random.nextBoolean() ? 1e-7 : -0.0);
                default -> new Expr.Literal(null);
            };
        }

        private Duration duration(boolean zeroAllowed) {
            long[] ms = {1, 250, 1000, 5000, 60_000, 90_000, 3_600_000, 86_400_000, 172_800_000};
            if (zeroAllowed && random.nextBoolean()) {
                return Duration.ZERO;
            }
            return Duration.ofMillis(ms[random.nextInt(ms.length)]);
        }

        private String name() {
            return pick(NAMES);
        }

        private List<String> pickSome() {
            return List.of(name(), name()).subList(0, 1 + random.nextInt(2));
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
