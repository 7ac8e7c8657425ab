package io.herald.cep.text;

import static io.herald.cep.plan.Expr.count;
import static io.herald.cep.plan.Expr.countDistinct;
import static io.herald.cep.plan.Expr.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.plan.Body;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Emit;
import io.herald.cep.plan.EmitMode;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.InvalidRuleException;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Quantifier;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.SkipStrategy;
import io.herald.cep.plan.Step;
import io.herald.cep.plan.Window;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RuleTextTest {
    static final String FRAUD = """
            CREATE RULE fraud_multi_location
            FROM purchases EVENT TIME ts WATERMARK LAG 5s ALLOWED LATENESS 30s
            PARTITION BY user_id
            WINDOW RANGE 1m
            HAVING count(*) >= 5 AND count(DISTINCT location) >= 2
            SELECT user_id, count(*) AS purchases, count(DISTINCT location) AS locations
            EMIT ON MATCH SUPPRESS 1m
            INTO fraud_alerts
            """;

    static Rule fraudBuiltInJava() {
        return Rule.named("fraud_multi_location")
                .from("purchases")
                .eventTime("ts")
                .watermarkLag(Duration.ofSeconds(5))
                .allowedLateness(Duration.ofSeconds(30))
                .partitionBy("user_id")
                .window(Window.range(Duration.ofMinutes(1)))
                .having(count().ge(5).and(countDistinct(field("location")).ge(2)))
                .select(
                        field("user_id"),
                        count().as("purchases"),
                        countDistinct(field("location")).as("locations"))
                .emit(Emit.onMatch().suppress(Duration.ofMinutes(1)))
                .into("fraud_alerts");
    }

    @Test
    void fraudRuleFitsInEightLines() {
        assertThat(FRAUD.lines()).hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void fraudRuleTextAndJavaBuilderMakeTheSamePlan() {
        assertThat(RuleText.parse(FRAUD)).isEqualTo(fraudBuiltInJava());
    }

    @Test
    void fraudRulePrintsBackToTheSameText() {
        assertThat(RuleText.print(fraudBuiltInJava())).isEqualTo(FRAUD);
    }

    @Test
    void keywordsAreCaseInsensitiveAndDefaultsAreFilledIn() {
        Rule rule = RuleText.parse("create rule r from t window tumbling 1m select count(*) into out");

        assertThat(rule.version()).isEqualTo(1);
        assertThat(rule.source().eventTimeField()).isEmpty();
        assertThat(rule.source().watermarkLag()).isZero();
        assertThat(rule.emit()).isEqualTo(new Emit(EmitMode.FINAL, Optional.empty()));
        assertThat(rule.body()).isEqualTo(new Body.Windowed(Window.tumbling(Duration.ofMinutes(1)), Optional.empty()));
    }

    @Test
    void patternParsesContiguityQuantifiersAbsenceUntilAndSkip() {
        Rule rule = RuleText.parse("""
                CREATE RULE p FROM t PARTITION BY k
                MATCH PATTERN (a, b{2,4} -> c+ UNTIL price < a.price ->> d{1,2} -> NOT e) WITHIN 10m
                DEFINE a AS kind = 'A', c AS price > a.price
                AFTER MATCH SKIP TO LAST c
                SELECT a.price AS start INTO out
                """);

        Pattern pattern = ((Body.Matching) rule.body()).pattern();
        assertThat(pattern.steps())
                .containsExactly(
                        Step.of(Contiguity.RELAXED, "a"),
                        Step.of(Contiguity.STRICT, "b").times(new Quantifier(2, 4)),
                        Step.of(Contiguity.RELAXED, "c")
                                .times(Quantifier.ONE_OR_MORE)
                                .until(field("price").lt(field("a", "price"))),
                        Step.of(Contiguity.ANY, "d").times(new Quantifier(1, 2)),
                        Step.absent(Contiguity.RELAXED, "e"));
        assertThat(pattern.within()).contains(Duration.ofMinutes(10));
        assertThat(pattern.skip()).isEqualTo(new SkipStrategy.ToLast("c"));
        assertThat(RuleText.parse(RuleText.print(rule))).isEqualTo(rule);
    }

    @Test
    void expressionsFollowPrecedence() {
        Expr e = RuleText.parseExpression("a + b * 2 > 3 OR NOT c = 'x' AND d IS NOT NULL");

        Expr expected = field("a")
                .plus(field("b").times(2))
                .gt(3)
                .or(new Expr.Not(field("c").eq("x")).and(new Expr.IsNull(field("d"), true)));
        assertThat(e).isEqualTo(expected);
        assertThat(RuleText.print(e)).isEqualTo("a + b * 2 > 3 OR NOT c = 'x' AND d IS NOT NULL");
    }

    @Test
    void printerBracketsOnlyWherePrecedenceNeedsIt() {
        Expr e = field("a").minus(field("b").minus(1)).times(-2).and(field("x").or(field("y")));

        String text = RuleText.print(e);

        assertThat(text).isEqualTo("(a - (b - 1)) * -2 AND (x OR y)");
        assertThat(RuleText.parseExpression(text)).isEqualTo(e);
    }

    @Test
    void keywordAndDottedNamesAreBackquoted() {
        Rule rule = Rule.named("r")
                .from("orders.v2")
                .partitionBy("where")
                .selectAll()
                .into("select");

        String text = RuleText.print(rule);

        assertThat(text).contains("FROM `orders.v2`", "PARTITION BY `where`", "INTO `select`");
        assertThat(RuleText.parse(text)).isEqualTo(rule);
    }

    @Test
    void syntaxErrorNamesLineColumnAndWhatWasExpected() {
        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r\nFROM t\nWINDOW RANGE 1x SELECT * INTO o"))
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(14);
                    assertThat(e.expected()).contains("duration unit");
                });
    }

    @Test
    void missingDurationIsReportedAtTheOffendingToken() {
        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r FROM t\n  WINDOW TUMBLING SELECT count(*) INTO o"))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessage("line 2, column 19: expected a duration such as 500ms, 5s, 1m, 2h or 1d, found 'SELECT'");
    }

    @Test
    void unterminatedStringIsASyntaxError() {
        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r FROM t WHERE a = 'x SELECT * INTO o"))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("a closing ' for the string");
    }

    @Test
    void comparisonsDoNotChain() {
        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r FROM t WHERE a < b < c SELECT * INTO o"))
                .isInstanceOfSatisfying(
                        RuleSyntaxException.class, e -> assertThat(e.column()).isEqualTo(34));
    }

    @Test
    void unboundedLoopWithoutWithinOrUntilIsRejectedWithTheReason() {
        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r FROM t MATCH PATTERN (a -> b+ -> c) SELECT a.x INTO o"))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("b is a loop with neither WITHIN nor UNTIL")
                .hasMessageContaining("grow without bound");
    }

    @Test
    void loopWithUntilOrWithinIsAccepted() {
        RuleText.parse("CREATE RULE r FROM t MATCH PATTERN (a -> b+ UNTIL x > 3 -> c) SELECT a.x INTO o");
        RuleText.parse("CREATE RULE r FROM t MATCH PATTERN (a -> b* -> c) WITHIN 1h SELECT a.x INTO o");
    }

    @Test
    void semanticErrorsNameTheProblem() {
        List.of(
                        "CREATE RULE r FROM t WHERE count(*) > 1 SELECT * INTO o",
                        "CREATE RULE r FROM t MATCH PATTERN (a -> b) DEFINE a AS x > b.x SELECT a.x INTO o",
                        "CREATE RULE r FROM t MATCH PATTERN (a -> NOT b) SELECT a.x INTO o",
                        "CREATE RULE r FROM t WINDOW HOPPING 1m ADVANCE 7s SELECT count(*) INTO o",
                        "CREATE RULE r FROM t WINDOW TUMBLING 100000000000000d SELECT count(*) INTO o",
                        "CREATE RULE r FROM t WINDOW HOPPING 1d ADVANCE 1ms SELECT count(*) INTO o",
                        "CREATE RULE r FROM t WATERMARK LAG 36501d SELECT * INTO o",
                        "CREATE RULE r FROM t WINDOW TUMBLING 1m SELECT nope(x) INTO o",
                        "CREATE RULE r FROM t WINDOW TUMBLING 1m SELECT * INTO o",
                        "CREATE RULE r FROM t SELECT * EMIT FINAL INTO o",
                        "CREATE RULE r FROM t MATCH PATTERN (a -> b) AFTER MATCH SKIP TO FIRST z SELECT a.x INTO o")
                .forEach(text -> assertThatThrownBy(() -> RuleText.parse(text), text)
                        .isInstanceOf(InvalidRuleException.class)
                        .hasMessageStartingWith("rule r: "));
    }

    @Test
    void patternBuiltInJavaEqualsTheText() {
        Rule text = RuleText.parse("""
                CREATE RULE abandoned_cart FROM shop_events EVENT TIME ts WATERMARK LAG 5s PARTITION BY session_id
                MATCH PATTERN (cart -> item* , pay+ UNTIL refund = TRUE ->> NOT checkout) WITHIN 30m
                DEFINE cart AS type = 'CART', checkout AS type = 'CHECKOUT'
                AFTER MATCH SKIP TO LAST pay
                SELECT cart.session_id, cart.ts INTO abandoned_carts
                """);

        Rule java = Rule.named("abandoned_cart")
                .from("shop_events")
                .eventTime("ts")
                .watermarkLag(Duration.ofSeconds(5))
                .partitionBy("session_id")
                .pattern(Pattern.start("cart")
                        .followedBy("item")
                        .zeroOrMore()
                        .next("pay")
                        .oneOrMore()
                        .until(field("refund").eq(true))
                        .followedByAny("checkout")
                        .absent()
                        .within(Duration.ofMinutes(30))
                        .define("cart", field("type").eq("CART"))
                        .define("checkout", field("type").eq("CHECKOUT"))
                        .skip(new SkipStrategy.ToLast("pay")))
                .select(field("cart", "session_id"), field("cart", "ts"))
                .into("abandoned_carts");

        assertThat(java).isEqualTo(text);
    }

    @Test
    void deeplyNestedExpressionIsASyntaxErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);

        assertThatThrownBy(() -> RuleText.parse("CREATE RULE r FROM t WHERE " + deep + " = 1 SELECT * INTO o"))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining("nested at most 100 deep");
        assertThatThrownBy(() -> RuleText.parseExpression("NOT ".repeat(5000) + "TRUE"))
                .isInstanceOf(RuleSyntaxException.class);
        assertThatThrownBy(() -> RuleText.parseExpression("- ".repeat(5000) + "x"))
                .isInstanceOf(RuleSyntaxException.class);
    }
}
