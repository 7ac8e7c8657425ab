package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.text.RuleText;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RuleSetTest {
    @Test
    void aThousandIndexedRulesOnlyTheMatchingOneSeesTheEvent() {
        RuleSet set = new RuleSet();
        for (int i = 0; i < 1000; i++) {
            set.add(
                    RuleText.parse("CREATE RULE r" + i + " FROM orders WHERE type = 't" + i + "' AND amount > 10"
                            + " SELECT * INTO out" + i),
                    EngineLimits.DEFAULT);
        }

        List<Output> out = set.onEvent(new Event("orders", 0, 0, 0, "k", Map.of("type", "t42", "amount", 11)));

        assertThat(out).singleElement().satisfies(o -> assertThat(o.topic()).isEqualTo("out42"));
        long offered = 0;
        for (int i = 0; i < 1000; i++) {
            offered += set.engine("r" + i).counters().eventsIn();
        }
        assertThat(offered).isEqualTo(1);
    }

    @Test
    void eventOfAnotherTopicReachesNoRule() {
        RuleSet set = new RuleSet();
        set.add(RuleText.parse("CREATE RULE r FROM orders SELECT * INTO o"), EngineLimits.DEFAULT);

        assertThat(set.onEvent(new Event("payments", 0, 0, 0, "k", Map.of()))).isEmpty();
        assertThat(set.engine("r").counters().eventsIn()).isZero();
    }
}
