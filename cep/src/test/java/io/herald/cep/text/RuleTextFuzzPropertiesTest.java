package io.herald.cep.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.InvalidRuleException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/**
 * Rule text comes from users (CLI, HTTP): whatever it holds, parsing either succeeds or fails with one of the two
 * rule exceptions, and a syntax error points inside the text.
 */
class RuleTextFuzzPropertiesTest {
    private static final String[] VALID = {
        RuleTextTest.FRAUD,
        "CREATE RULE p FROM t PARTITION BY k MATCH PATTERN (a, b{2,4} -> c+ UNTIL price < a.price ->> NOT e) WITHIN 10m"
                + " DEFINE a AS kind = 'A', c AS price > a.price AFTER MATCH SKIP TO LAST c SELECT a.price AS s INTO o",
        "CREATE RULE big FROM orders WHERE amount > 1000 AND currency IN ('EUR', 'USD') SELECT id, amount * -2 INTO o",
    };
    private static final String NOISE = "(),.;'`-+*/%=<>!?{}0123456789 \n\tabcxyzSELECTWHEREFROMNOTIN_é";

    @Property(tries = 2000)
    void mutatedRulesParseOrFailWithARuleException(@ForAll long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(VALID[random.nextInt(VALID.length)]);
        for (int i = 0, n = 1 + random.nextInt(4); i < n && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> text.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
            }
        }

        assertParsesOrFailsCleanly(text.toString());
    }

    @Property(tries = 1000)
    void arbitraryTextParsesOrFailsWithARuleException(@ForAll @StringLength(max = 200) String text) {
        assertParsesOrFailsCleanly(text);
    }

    private static void assertParsesOrFailsCleanly(String text) {
        try {
            RuleText.parse(text);
        } catch (RuleSyntaxException e) {
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            assertThat(e.line()).as(text).isBetween(1, (int) lines);
            assertThat(e.column()).as(text).isPositive();
            assertThat(e.getMessage()).startsWith("line ");
        } catch (InvalidRuleException e) {
            assertThat(e.getMessage()).as(text).isNotBlank();
        }
    }
}
