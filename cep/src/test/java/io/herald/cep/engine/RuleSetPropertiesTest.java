package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The predicate index never changes what the rules output: same as offering every event to every rule. */
class RuleSetPropertiesTest {
    private static final List<String> WHERES = List.of(
            "type = 'a'",
            "'b' = type",
            "type IN ('a', 'c') AND n > 1",
            "n = 2",
            "n = 2.0 AND type != 'a'",
            "n IN (1, 3.0)",
            "type = 'a' OR n = 1",
            "NOT type = 'a'",
            "type NOT IN ('a')",
            "n > 1 AND type = 'c'",
            "x.y = 1 AND type = 'b'");

    @Property(tries = 300)
    void indexedSetGivesWhatEveryRuleOnEveryEventGives(@ForAll long seed) {
        Random random = new Random(seed);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            String where = WHERES.get(random.nextInt(WHERES.size()));
            if (where.startsWith("x.y")) {
                where = where.substring("x.y = 1 AND ".length());
            }
            String topic = random.nextBoolean() ? "t" : "u";
            rules.add(RuleText.parse("CREATE RULE r" + i + " FROM " + topic + " WHERE " + where + " SELECT * INTO o"));
        }
        RuleSet set = new RuleSet();
        List<RuleEngine> plain = new ArrayList<>();
        for (Rule rule : rules) {
            set.add(rule, EngineLimits.DEFAULT);
            plain.add(RuleEngine.create(rule));
        }
        for (int i = 0; i < 20; i++) {
            Map<String, Object> fields = new HashMap<>();
            if (random.nextInt(5) > 0) {
                fields.put("type", List.of("a", "b", "c").get(random.nextInt(3)));
            }
            Object[] numbers = {1, 2L, 2.0, 3, 3.5, null};
            fields.put("n", numbers[random.nextInt(numbers.length)]);
            Event e = new Event(random.nextBoolean() ? "t" : "u", 0, i, i, "k", fields);

            List<Output> expected = new ArrayList<>();
            for (RuleEngine engine : plain) {
                if (engine.rule().source().topics().contains(e.topic())) {
                    expected.addAll(engine.onEvent(e));
                }
            }
            assertThat(set.onEvent(e)).as("%s", fields).isEqualTo(expected);
        }
    }
}
