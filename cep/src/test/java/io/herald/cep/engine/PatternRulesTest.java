package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Patterns, including the worked examples of the Flink CEP documentation. */
@Timeout(10)
class PatternRulesTest {
    private final Events events = new Events();
    private final List<Event> fed = new ArrayList<>();

    private RuleEngine engine(String patternAndMore) {
        return RuleEngine.create(RuleText.parse("CREATE RULE r FROM t " + patternAndMore + " INTO o"));
    }

    /** Feeds named events (name's first letter is its type) one millisecond apart, then closes everything. */
    private List<Output> feed(RuleEngine engine, String... names) {
        List<Output> out = new ArrayList<>();
        long t = 0;
        for (String name : names) {
            Event e = events.at(t++, "name", name, "type", name.substring(0, 1));
            fed.add(e);
            out.addAll(engine.onEvent(e));
        }
        out.addAll(engine.onWatermark(t + 10_000_000));
        return out;
    }

    /** "first..last" names of each match, from the deterministic match id. */
    private List<String> matches(List<Output> out) {
        return out.stream()
                .map(o -> {
                    String name = o.subject()
                            .substring(
                                    o.subject().indexOf("/m") + 2, o.subject().indexOf('#'));
                    String[] coordinates = name.split("\\.\\.");
                    return nameAt(coordinates[0]) + ".." + nameAt(coordinates[1]);
                })
                .toList();
    }

    private String nameAt(String coordinates) {
        long offset = Long.parseLong(coordinates.substring(coordinates.lastIndexOf('-') + 1));
        return (String) fed.get((int) offset).fields().get("name");
    }

    private static final String AB = " DEFINE a AS type = 'a', b AS type = 'b' AFTER MATCH NO SKIP SELECT b.name AS b";

    @Test
    void strictContiguityOnACB1B2FindsNothing() {
        assertThat(feed(engine("MATCH PATTERN (a, b)" + AB), "a", "c", "b1", "b2"))
                .isEmpty();
    }

    @Test
    void relaxedContiguityOnACB1B2FindsAB1() {
        List<Output> out = feed(engine("MATCH PATTERN (a -> b)" + AB), "a", "c", "b1", "b2");

        assertThat(out).extracting(o -> o.fields().get("b")).containsExactly("b1");
    }

    @Test
    void anyContiguityOnACB1B2FindsAB1AndAB2() {
        List<Output> out = feed(engine("MATCH PATTERN (a ->> b)" + AB), "a", "c", "b1", "b2");

        assertThat(out).extracting(o -> o.fields().get("b")).containsExactly("b1", "b2");
    }

    private List<String> bPlusC(String skip) {
        RuleEngine engine = engine("MATCH PATTERN (b+ -> c) WITHIN 1h DEFINE b AS type = 'b', c AS type = 'c' " + skip
                + " SELECT c.name AS c");
        return matches(feed(engine, "b1", "b2", "b3", "c"));
    }

    @Test
    void skipStrategiesOnBPlusCOverB1B2B3C() {
        assertThat(bPlusC("AFTER MATCH NO SKIP")).containsExactly("b1..c", "b2..c", "b3..c");
        assertThat(bPlusC("AFTER MATCH SKIP TO NEXT EVENT")).containsExactly("b1..c", "b2..c", "b3..c");
        assertThat(bPlusC("AFTER MATCH SKIP PAST LAST EVENT")).containsExactly("b1..c");
        assertThat(bPlusC("")).containsExactly("b1..c");
        assertThat(bPlusC("AFTER MATCH SKIP TO FIRST b")).containsExactly("b1..c", "b2..c", "b3..c");
        assertThat(bPlusC("AFTER MATCH SKIP TO LAST b")).containsExactly("b1..c", "b3..c");
    }

    @Test
    void trailingLoopEmitsEachLongerMatchWithoutSkipAndOnlyTheFirstWithSkipPastLast() {
        String rule = "MATCH PATTERN (a -> b+) WITHIN 1h DEFINE a AS type = 'a', b AS type = 'b' ";

        List<Output> noSkip = feed(engine(rule + "AFTER MATCH NO SKIP SELECT b.name AS b"), "a", "b1", "b2");
        List<Output> pastLast = feed(engine(rule + "SELECT b.name AS b"), "a", "b1", "b2");

        assertThat(noSkip).extracting(o -> o.fields().get("b")).containsExactly("b1", "b2");
        assertThat(pastLast).extracting(o -> o.fields().get("b")).containsExactly("b1");
    }

    @Test
    void conditionRefersToAnEarlierVariable() {
        RuleEngine engine =
                engine("PARTITION BY k MATCH PATTERN (a -> b) DEFINE b AS price > a.price SELECT a.price AS from_price,"
                        + " b.price AS to_price");
        List<Output> out = new ArrayList<>();
        out.addAll(engine.onEvent(events.at(1, "k", "x", "price", 10)));
        out.addAll(engine.onEvent(events.at(2, "k", "x", "price", 5)));
        out.addAll(engine.onEvent(events.at(3, "k", "x", "price", 12)));
        out.addAll(engine.onWatermark(100));

        // a=10 b=12 first; skip past last drops the run from 5 (started inside the match)
        assertThat(out).extracting(Output::fields).containsExactly(Map.of("from_price", 10L, "to_price", 12L));
    }

    @Test
    void untilEndsTheLoopWithoutConsumingTheEvent() {
        RuleEngine engine = engine("MATCH PATTERN (a -> b+ UNTIL stop = 1 -> c) WITHIN 1h"
                + " DEFINE a AS type = 'a', b AS type = 'b', c AS type = 'c' SELECT b.name AS last_b");
        List<Output> out = new ArrayList<>();
        out.addAll(engine.onEvent(events.at(1, "type", "a", "name", "a")));
        out.addAll(engine.onEvent(events.at(2, "type", "b", "name", "b1")));
        out.addAll(engine.onEvent(events.at(3, "type", "b", "name", "b2")));
        out.addAll(engine.onEvent(events.at(4, "type", "b", "name", "stop", "stop", 1)));
        out.addAll(engine.onEvent(events.at(5, "type", "b", "name", "b3")));
        out.addAll(engine.onEvent(events.at(6, "type", "c", "name", "c")));
        out.addAll(engine.onWatermark(100));

        assertThat(out).extracting(o -> o.fields().get("last_b")).containsExactly("b2");
    }

    @Test
    void quantifierRangeNeedsItsMinimum() {
        String rule = "MATCH PATTERN (a -> b{2,3} -> c) DEFINE a AS type = 'a', b AS type = 'b', c AS type = 'c'"
                + " SELECT b.name AS b";

        assertThat(feed(engine(rule), "a", "b1", "c")).isEmpty();
        assertThat(feed(engine(rule), "a", "b1", "b2", "c"))
                .extracting(o -> o.fields().get("b"))
                .containsExactly("b2");
    }

    @Test
    void optionalStepMayBeSkipped() {
        String rule = "MATCH PATTERN (a -> b? -> c) DEFINE a AS type = 'a', b AS type = 'b', c AS type = 'c'"
                + " SELECT b.name AS b, c.name AS c";

        assertThat(feed(engine(rule), "a", "c1")).extracting(Output::fields).containsExactly(nullB("c1"));
    }

    private static Map<String, Object> nullB(String c) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("b", null);
        row.put("c", c);
        return row;
    }

    @Test
    void absenceBetweenStepsKillsTheMatch() {
        String rule = "MATCH PATTERN (a -> NOT x -> b) DEFINE a AS type = 'a', x AS type = 'x', b AS type = 'b'"
                + " SELECT b.name AS b";

        assertThat(feed(engine(rule), "a", "x", "b")).isEmpty();
        assertThat(feed(engine(rule), "a", "c", "b")).hasSize(1);
    }

    @Test
    void trailingAbsenceFiresWhenTheWatermarkPassesWithin() {
        RuleEngine engine = engine("PARTITION BY session_id MATCH PATTERN (cart -> NOT checkout) WITHIN 30m"
                + " DEFINE cart AS type = 'CART', checkout AS type = 'CHECKOUT' SELECT cart.session_id AS session");
        engine.onEvent(events.at(0, "session_id", "s1", "type", "CART"));
        engine.onEvent(events.at(1_000, "session_id", "s2", "type", "CART"));
        engine.onEvent(events.at(60_000, "session_id", "s2", "type", "CHECKOUT"));

        List<Output> beforeDeadline = engine.onWatermark(1_799_999);
        List<Output> atDeadline = engine.onWatermark(1_800_000);
        List<Output> later = engine.onWatermark(10_000_000);

        assertThat(beforeDeadline).isEmpty();
        assertThat(atDeadline).extracting(o -> o.fields().get("session")).containsExactly("s1");
        assertThat(later).isEmpty();
        assertThat(engine.stateSize()).isZero();
    }

    @Test
    void withinDropsRunsThatTakeTooLongAndFreesTheKey() {
        RuleEngine engine =
                engine("MATCH PATTERN (a -> b) WITHIN 1h DEFINE a AS type = 'a', b AS type = 'b' SELECT b.type AS b");
        engine.onEvent(events.at(0, "type", "a"));
        engine.onEvent(events.at(3_600_000, "type", "b"));

        List<Output> out = engine.onWatermark(3_600_001);

        assertThat(out).isEmpty();
        assertThat(engine.stateSize()).isZero();
    }

    @Test
    void partialMatchCapEvictsTheOldestAndCountsIt() {
        RuleEngine engine = RuleEngine.create(
                RuleText.parse("CREATE RULE r FROM t MATCH PATTERN (a ->> b) WITHIN 1h"
                        + " DEFINE a AS type = 'a', b AS type = 'b' AFTER MATCH NO SKIP SELECT a.n AS a INTO o"),
                new EngineLimits(10, 3));
        for (int i = 0; i < 5; i++) {
            engine.onEvent(events.at(i, "type", "a", "n", i));
        }
        engine.onEvent(events.at(10, "type", "b"));

        List<Output> out = engine.onWatermark(11);

        assertThat(out).extracting(o -> o.fields().get("a")).containsExactly(2L, 3L, 4L);
        assertThat(engine.counters().evictedPartialMatches()).isEqualTo(2);
    }

    @Test
    void eventsBelowTheWatermarkGoToTheLateTopic() {
        RuleEngine engine = engine("MATCH PATTERN (a -> b) DEFINE a AS type = 'a' SELECT a.type AS a");
        engine.onWatermark(100);

        List<Output> out = engine.onEvent(events.at(99, "type", "a"));

        assertThat(out).singleElement().satisfies(o -> assertThat(o.topic()).isEqualTo("r.late"));
    }

    @Test
    void matchIdsAreTheSameOnReplay() {
        String rule = "MATCH PATTERN (a ->> b) WITHIN 1h DEFINE a AS type = 'a', b AS type = 'b' AFTER MATCH NO SKIP"
                + " SELECT b.name AS b";
        List<Output> first = feed(engine(rule), "a1", "a2", "b1", "b2");
        events.reset();
        fed.clear();
        List<Output> replay = feed(engine(rule), "a1", "a2", "b1", "b2");

        assertThat(first).hasSize(4);
        assertThat(replay).isEqualTo(first);
        assertThat(first).extracting(Output::id).doesNotHaveDuplicates();
    }

    @Test
    void suppressKeepsOneMatchPerKeyPerPeriod() {
        RuleEngine engine = engine("MATCH PATTERN (a -> b) DEFINE a AS type = 'a', b AS type = 'b'"
                + " SELECT b.n AS b EMIT ON MATCH SUPPRESS 10ms");
        List<Output> out = new ArrayList<>();
        long[] times = {0, 1, 2, 3, 20, 21};
        for (int i = 0; i < times.length; i++) {
            out.addAll(engine.onEvent(events.at(times[i], "type", i % 2 == 0 ? "a" : "b", "n", i)));
        }
        out.addAll(engine.onWatermark(1000));

        assertThat(out).extracting(o -> o.fields().get("b")).containsExactly(1L, 5L);
        assertThat(engine.stateSize()).isZero();
    }
}
