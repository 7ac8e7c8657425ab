package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.engine.snapshot.CorruptSnapshotException;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snapshot's edges: another plan, damaged bytes, and the value types an event may carry. */
@Timeout(30)
class EngineSnapshotTest {
    private static final Rule TUMBLING = RuleText.parse(
            "CREATE RULE counts FROM t PARTITION BY k WINDOW TUMBLING 10ms SELECT k, count(*) AS n INTO o");

    @Test
    void restoringIntoAnotherPlanNamesBothPlans() {
        byte[] snapshot = RuleEngine.create(TUMBLING).snapshot();
        Rule other = RuleText.parse(
                "CREATE RULE counts VERSION 2 FROM t PARTITION BY k WINDOW TUMBLING 20ms SELECT k, count(*) AS n INTO o");

        assertThatThrownBy(() -> RuleEngine.restore(other, EngineLimits.DEFAULT, snapshot))
                .isInstanceOf(SnapshotMismatchException.class)
                .hasMessageContaining("rule counts v1 (plan ")
                .hasMessageContaining("into rule counts v2 (plan ");
    }

    @Test
    void truncatedSnapshotIsCorruptNotPartlyRestored() {
        RuleEngine engine = RuleEngine.create(TUMBLING);
        engine.onEvent(new Events().at(3, "k", "A"));
        engine.onWatermark(5);
        byte[] snapshot = engine.snapshot();

        assertThatThrownBy(() -> RuleEngine.restore(
                        TUMBLING, EngineLimits.DEFAULT, Arrays.copyOf(snapshot, snapshot.length - 3)))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("checksum does not match");
    }

    @Test
    void bytesThatAreNotASnapshotAreRefused() {
        assertThatThrownBy(
                        () -> RuleEngine.restore(TUMBLING, EngineLimits.DEFAULT, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("does not start with HCEP");
    }

    @Test
    void bufferedEventsKeepTheirValues() {
        Rule selectAll = RuleText.parse("CREATE RULE all_of_it FROM t PARTITION BY k WINDOW TUMBLING 10ms"
                + " SELECT k, nested, big, i, nothing, flag EMIT ON MATCH INTO o");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("k", "A");
        fields.put("nested", Map.of("list", List.of(1L, 2.5, "x")));
        fields.put("big", new BigDecimal("12.3400"));
        fields.put("i", 7);
        fields.put("nothing", null);
        fields.put("flag", true);
        RuleEngine engine = RuleEngine.create(selectAll);
        engine.onEvent(new Event("t", 0, 0, 3, "rk", fields));

        RuleEngine restored = RuleEngine.restore(selectAll, EngineLimits.DEFAULT, engine.snapshot());
        List<Output> out = restored.onWatermark(4);

        assertThat(out).hasSize(1);
        assertThat(out.toString()).isEqualTo(engine.onWatermark(4).toString());
        assertThat(out.get(0).fields().get("nested")).isEqualTo(Map.of("list", List.of(1L, 2.5, "x")));
        assertThat(out.get(0).fields().get("big")).isEqualTo(new BigDecimal("12.3400"));
    }
}
