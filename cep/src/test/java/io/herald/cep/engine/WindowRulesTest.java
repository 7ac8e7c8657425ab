package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WindowRulesTest {
    private final Events events = new Events();

    private static RuleEngine engine(String text) {
        return RuleEngine.create(RuleText.parse(text));
    }

    @Test
    void tumblingWindowEmitsOneFinalRowPerKeyWhenTheWatermarkPassesItsEnd() {
        RuleEngine engine = engine("CREATE RULE r FROM t PARTITION BY k WINDOW TUMBLING 10ms"
                + " SELECT k, count(*) AS n, sum(v) AS s, window_start() AS ws INTO o");
        engine.onEvent(events.at(1, "k", "a", "v", 2));
        engine.onEvent(events.at(9, "k", "a", "v", 3));
        engine.onEvent(events.at(12, "k", "a", "v", 4));

        List<Output> beforeEnd = engine.onWatermark(9);
        List<Output> atEnd = engine.onWatermark(10);

        assertThat(beforeEnd).isEmpty();
        assertThat(atEnd).singleElement().satisfies(o -> {
            assertThat(o.fields()).isEqualTo(Map.of("k", "a", "n", 2L, "s", 5L, "ws", 0L));
            assertThat(o.id()).isEqualTo("r/1/a/w0-10");
            assertThat(o.topic()).isEqualTo("o");
        });
    }

    @Test
    void hoppingWindowCountsAnEventInEveryWindowThatHoldsIt() {
        RuleEngine engine = engine("CREATE RULE r FROM t WINDOW HOPPING 10ms ADVANCE 5ms"
                + " SELECT window_start() AS ws, count(*) AS n INTO o");
        engine.onEvent(events.at(7));

        List<Output> out = engine.onWatermark(100);

        assertThat(out).extracting(o -> o.fields().get("ws")).containsExactly(0L, 5L);
    }

    @Test
    void sessionWindowsMergeWhenALateEventBridgesTheGap() {
        RuleEngine engine = engine("CREATE RULE r FROM t ALLOWED LATENESS 100ms WINDOW SESSION GAP 5ms"
                + " SELECT window_start() AS ws, window_end() AS we, count(*) AS n EMIT CHANGES INTO o");
        engine.onEvent(events.at(0));
        engine.onEvent(events.at(8));
        List<Output> twoSessions = engine.onWatermark(20);

        List<Output> bridged = engine.onEvent(events.at(4));

        assertThat(twoSessions).extracting(Output::subject).containsExactly("r/1/rk/w0-5", "r/1/rk/w8-13");
        assertThat(bridged)
                .extracting(Output::kind, Output::subject)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Output.Kind.RETRACTION, "r/1/rk/w0-5"),
                        org.assertj.core.groups.Tuple.tuple(Output.Kind.RETRACTION, "r/1/rk/w8-13"),
                        org.assertj.core.groups.Tuple.tuple(Output.Kind.ROW, "r/1/rk/w0-13"));
        assertThat(bridged.get(2).fields()).containsEntry("n", 3L);
    }

    @Test
    void rangeWindowTracksMinAndMaxAsEventsSlideOut() {
        RuleEngine engine = engine("CREATE RULE r FROM t WINDOW RANGE 10ms"
                + " SELECT min(v) AS lo, max(v) AS hi, percentile(v, 0.5) AS p50 INTO o");
        List<Output> out = new ArrayList<>();
        long t = 0;
        for (long v : new long[] {5, 1, 9, 3, 7}) {
            out.addAll(engine.onEvent(events.at(t, "v", v)));
            t += 4;
        }
        out.addAll(engine.onWatermark(1000));

        // windows (t-10, t]: {5} {5,1} {5,1,9} {1,9,3} {9,3,7}
        assertThat(out)
                .extracting(o -> List.of(
                        o.fields().get("lo"), o.fields().get("hi"), o.fields().get("p50")))
                .containsExactly(
                        List.of(5L, 5L, 5L),
                        List.of(1L, 5L, 1L),
                        List.of(1L, 9L, 5L),
                        List.of(1L, 9L, 3L),
                        List.of(3L, 9L, 7L));
    }

    @Test
    void changesModeRetractsARowWhoseHavingStopsHoldingAfterALateEvent() {
        RuleEngine engine = engine("CREATE RULE r FROM t ALLOWED LATENESS 50ms WINDOW TUMBLING 100ms"
                + " HAVING min(v) > 0 SELECT min(v) AS lo EMIT CHANGES INTO o");
        engine.onEvent(events.at(10, "v", 4));
        List<Output> first = engine.onWatermark(50);

        List<Output> late = engine.onEvent(events.at(20, "v", -1));

        assertThat(first).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo("r/1/rk/w0-100/1"));
        assertThat(late).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(Output.Kind.RETRACTION);
            assertThat(o.id()).isEqualTo("r/1/rk/w0-100/2");
        });
    }

    @Test
    void eventLaterThanTheAllowedLatenessGoesToTheLateTopicAndIsCounted() {
        RuleEngine engine = engine(
                "CREATE RULE r FROM t ALLOWED LATENESS 5ms WINDOW TUMBLING 10ms" + " SELECT count(*) AS n INTO o");
        engine.onWatermark(100);

        List<Output> withinLateness = engine.onEvent(events.at(96));
        List<Output> tooLate = engine.onEvent(events.at(94, "x", 1));

        assertThat(withinLateness).isEmpty();
        assertThat(tooLate).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo("r.late");
            assertThat(o.kind()).isEqualTo(Output.Kind.LATE);
            assertThat(o.fields()).containsEntry("x", 1);
        });
        assertThat(engine.counters().lateEvents()).isEqualTo(1);
    }

    @Test
    void stateIsFreedOnceTheWatermarkPassesTheLastWindowPlusLateness() {
        RuleEngine engine = engine("CREATE RULE r FROM t ALLOWED LATENESS 5ms PARTITION BY k WINDOW TUMBLING 10ms"
                + " SELECT count(*) AS n INTO o");
        for (int i = 0; i < 100; i++) {
            engine.onEvent(events.at(i, "k", "key" + i));
        }
        engine.onWatermark(100);
        assertThat(engine.keyCount()).isPositive();

        engine.onWatermark(115);

        assertThat(engine.keyCount()).isZero();
        assertThat(engine.stateSize()).isZero();
    }

    @Test
    void keyCapSendsEventsOfNewKeysToTheOverflowTopic() {
        RuleEngine engine = RuleEngine.create(
                RuleText.parse("CREATE RULE r FROM t PARTITION BY k WINDOW TUMBLING 10ms SELECT count(*) AS n INTO o"),
                new EngineLimits(2, 10));
        engine.onEvent(events.at(1, "k", "a"));
        engine.onEvent(events.at(1, "k", "b"));
        engine.onEvent(events.at(1, "k", "c"));
        engine.onEvent(events.at(2, "k", "a"));

        List<Output> out = engine.onWatermark(100);

        assertThat(out)
                .filteredOn(o -> o.kind() == Output.Kind.OVERFLOW)
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.topic()).isEqualTo("r.overflow");
                    assertThat(o.key()).isEqualTo("c");
                });
        assertThat(out).filteredOn(o -> o.kind() == Output.Kind.ROW).hasSize(2);
        assertThat(engine.counters().overflowEvents()).isEqualTo(1);
    }

    @Test
    void filterRuleProjectsPassingEventsOnArrival() {
        RuleEngine engine = engine("CREATE RULE big FROM orders WHERE amount > 1000 AND currency IN ('EUR', 'USD')"
                + " SELECT id, amount * 100 AS cents INTO big_orders");

        List<Output> small = engine.onEvent(events.at(5, "id", "o1", "amount", 10, "currency", "EUR"));
        List<Output> big = engine.onEvent(events.at(3, "id", "o2", "amount", 2000, "currency", "USD"));

        assertThat(small).isEmpty();
        assertThat(big).singleElement().satisfies(o -> {
            assertThat(o.fields()).isEqualTo(Map.of("id", "o2", "cents", 200_000L));
            assertThat(o.id()).isEqualTo("big/1/rk/et-0-1");
        });
    }

    @Test
    void recordsWithoutAKeyShareTheKeyNull() {
        RuleEngine engine =
                engine("CREATE RULE r FROM t WINDOW TUMBLING 10ms SELECT rule_key() AS k, count(*) AS n INTO o");
        engine.onEvent(new Event("t", 0, 0, 1, null, Map.of()));
        engine.onEvent(new Event("t", 0, 1, 2, null, Map.of()));

        List<Output> out = engine.onWatermark(10);

        assertThat(out).singleElement().satisfies(o -> assertThat(o.fields()).isEqualTo(Map.of("k", "null", "n", 2L)));
    }
}
