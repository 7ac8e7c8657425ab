package io.herald.bench.cep;

import java.util.List;

/**
 * One benchmark case: the same rule in Herald's language and in Esper's EPL, written so that both report the same
 * matches on the same events (the counts are compared). {@code heraldRules} and {@code eplStatements} hold one entry
 * per rule (the 1,000-rule filter has 1,000).
 *
 * @param timed whether the case needs time to advance (windows, WITHIN): Herald gets a watermark and Esper an
 *     external-clock tick before each event
 */
record BenchRule(String name, List<String> heraldRules, List<String> eplStatements, boolean timed) {

    static List<BenchRule> all() {
        return List.of(filterOne(), filterThousand(), slidingAverage(), fraud(), followedBy(), notFollowedBy());
    }

    /** Simple event processing: one rule routes the large purchases. */
    static BenchRule filterOne() {
        return new BenchRule(
                "filter-1",
                List.of("CREATE RULE big FROM events WHERE type = 'P' AND amount > 990 SELECT key, amount INTO big"),
                List.of("@name('big') select key, amount from E(type = 'P', amount > 990)"),
                false);
    }

    /** 1,000 rules, one per category: each event can match one of them (Herald indexes category = literal). */
    static BenchRule filterThousand() {
        List<String> herald = new java.util.ArrayList<>();
        List<String> epl = new java.util.ArrayList<>();
        for (int c = 0; c < EventStream.CATEGORIES; c++) {
            herald.add("CREATE RULE cat" + c + " FROM events WHERE category = 'c" + c
                    + "' AND amount > 500 SELECT key, amount INTO cat" + c);
            epl.add("@name('cat" + c + "') select key, amount from E(category = 'c" + c + "', amount > 500)");
        }
        return new BenchRule("filter-1000", herald, epl, false);
    }

    /**
     * A 60 s sliding average per key, one row per purchase. In Esper the current purchase's row comes from a subquery
     * over the key's last 60 s, so that expiries post nothing, as in Herald's RANGE window.
     */
    static BenchRule slidingAverage() {
        return new BenchRule(
                "avg-60s",
                List.of("CREATE RULE avg60 FROM events EVENT TIME ts PARTITION BY key WHERE type = 'P'"
                        + " WINDOW RANGE 60s SELECT key, avg(amount) AS avg_amount INTO avg60"),
                List.of("@name('avg60') select p.key as key, (select avg(w.amount) from E(type='P')#time(60 sec) as w"
                        + " where w.key = p.key) as avg_amount from E(type='P') as p"),
                true);
    }

    /**
     * The seed's fraud rule without its SUPPRESS (Esper has no equivalent): 5+ purchases by one key within a minute
     * from 2+ locations, checked on every purchase.
     */
    static BenchRule fraud() {
        return new BenchRule(
                "fraud",
                List.of("CREATE RULE fraud FROM events EVENT TIME ts PARTITION BY key WHERE type = 'P'"
                        + " WINDOW RANGE 1m HAVING count(*) >= 5 AND count(DISTINCT category) >= 2"
                        + " SELECT key, count(*) AS purchases INTO fraud"),
                List.of("@name('fraud') select p.key as key from E(type='P') as p"
                        + " where (select count(*) from E(type='P')#time(1 min) as w where w.key = p.key) >= 5"
                        + " and (select count(distinct w.category) from E(type='P')#time(1 min) as w"
                        + " where w.key = p.key) >= 2"),
                true);
    }

    /** Every A followed by the first B of the same key within 10 minutes. */
    static BenchRule followedBy() {
        return new BenchRule(
                "a-then-b-10m",
                List.of("CREATE RULE ab FROM events EVENT TIME ts PARTITION BY key"
                        + " MATCH PATTERN (a -> b) WITHIN 10m DEFINE a AS type = 'A', b AS type = 'B'"
                        + " AFTER MATCH NO SKIP SELECT a.key AS key INTO ab"),
                List.of("@name('ab') select a.key as key from pattern"
                        + " [every a=E(type='A') -> b=E(type='B', key=a.key) where timer:within(10 min)]"),
                true);
    }

    /** Every A with no B of the same key within 10 minutes (reported when the 10 minutes are over). */
    static BenchRule notFollowedBy() {
        return new BenchRule(
                "a-not-b-10m",
                List.of("CREATE RULE anb FROM events EVENT TIME ts PARTITION BY key"
                        + " MATCH PATTERN (a -> NOT b) WITHIN 10m DEFINE a AS type = 'A', b AS type = 'B'"
                        + " AFTER MATCH NO SKIP SELECT a.key AS key INTO anb"),
                List.of("@name('anb') select a.key as key from pattern"
                        + " [every a=E(type='A') -> (timer:interval(10 min) and not E(type='B', key=a.key))]"),
                true);
    }
}
