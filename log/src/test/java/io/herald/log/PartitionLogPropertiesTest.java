package io.herald.log;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random sequences of appends, reads, rolls, retention, DeleteRecords, compaction, timestamp lookups, clean restarts
 * and crashes against a {@link PartitionLog} with small segments, each step checked against an in-memory model of
 * Kafka's semantics ({@link LogModel}, driven by {@link ModelCheckedLog}, which holds the checks).
 */
class PartitionLogPropertiesTest {
    /** Recovery warns about every tail a simulated crash tears; those warnings are the expected outcome here. */
    private static final Logger LOG_LOGGER = Logger.getLogger("io.herald.log");

    static {
        LOG_LOGGER.setLevel(Level.SEVERE);
    }

    @Property(tries = 200)
    void everyReadAgreesWithTheModel(
            @ForAll("topicConfigs") Map<String, String> topicConfig, @ForAll("actions") List<LogAction> actions)
            throws Exception {
        try (ModelCheckedLog log = new ModelCheckedLog(LogConfig.fromProperties(topicConfig))) {
            for (LogAction action : actions) log.apply(action);
            log.checkAll();
        }
    }

    // ---- topic configurations ----

    @Provide
    Arbitrary<Map<String, String>> topicConfigs() {
        List<String> names = List.of(
                "internal.segment.bytes",
                "segment.ms",
                "cleanup.policy",
                "retention.ms",
                "retention.bytes",
                "delete.retention.ms",
                "flush.policy",
                "flush.messages",
                "flush.ms",
                "index.interval.bytes",
                "message.timestamp.type",
                "file.delete.delay.ms",
                "preallocate");
        List<Arbitrary<String>> values = List.of(
                Arbitraries.integers().between(300, 2000).map(String::valueOf),
                orDefault(Arbitraries.longs().between(2_000, 30_000), 604_800_000L),
                Arbitraries.of("delete", "compact", "compact,delete"),
                orDefault(Arbitraries.longs().between(1_000, 60_000), -1L),
                orDefault(Arbitraries.longs().between(300, 6_000), -1L),
                Arbitraries.longs().between(0, 20_000).map(String::valueOf),
                Arbitraries.of("always", "interval"),
                orDefault(Arbitraries.longs().between(1, 10), Long.MAX_VALUE),
                orDefault(Arbitraries.longs().between(0, 2_000), Long.MAX_VALUE),
                Arbitraries.integers().between(0, 600).map(String::valueOf),
                Arbitraries.of("CreateTime", "LogAppendTime"),
                Arbitraries.of("0", "1000", "60000"),
                Arbitraries.of("true", "false"));
        return Combinators.combine(values).as(chosen -> {
            Map<String, String> config = new TreeMap<>();
            for (int i = 0; i < names.size(); i++) config.put(names.get(i), chosen.get(i));
            return config;
        });
    }

    private static Arbitrary<String> orDefault(Arbitrary<Long> values, long defaultValue) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(defaultValue)), Tuple.of(2, values))
                .map(String::valueOf);
    }

    // ---- actions ----

    @Provide
    Arbitrary<List<LogAction>> actions() {
        Arbitrary<LogAction> action = Arbitraries.frequencyOf(
                Tuple.of(30, appends()),
                Tuple.of(14, reads()),
                Tuple.of(2, Arbitraries.of(true, false).map(LogAction.ReadOutOfRange::new)),
                Tuple.of(5, Arbitraries.just(new LogAction.Roll())),
                Tuple.of(8, clockSteps()),
                Tuple.of(7, Arbitraries.just(new LogAction.DeleteExpired())),
                Tuple.of(5, deleteRecords()),
                Tuple.of(6, Arbitraries.just(new LogAction.Compact())),
                Tuple.of(6, timestampLookups()),
                Tuple.of(2, Arbitraries.just(new LogAction.Flush())),
                Tuple.of(3, Arbitraries.just(new LogAction.ForceRolledSegments())),
                Tuple.of(3, Arbitraries.just(new LogAction.Reopen())),
                Tuple.of(4, crashes()),
                Tuple.of(2, Arbitraries.of(CrashedLogDir.SwapStage.class).map(LogAction.CrashDuringCompaction::new)));
        return action.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<LogAction> appends() {
        Arbitrary<Integer> key = Arbitraries.integers().between(-1, 4);
        Arbitrary<Integer> valueBytes = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(-1)),
                Tuple.of(6, Arbitraries.integers().between(0, 100)));
        Arbitrary<Integer> timestampDelta = Arbitraries.integers().between(-3_000, 1_000);
        Arbitrary<List<LogAction.NewRecord>> records = Combinators.combine(key, valueBytes, timestampDelta)
                .as(LogAction.NewRecord::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(5);
        Arbitrary<Boolean> waitForDurable =
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false)));
        Arbitrary<Boolean> gzip =
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Integer> producerId = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(-1)),
                Tuple.of(1, Arbitraries.integers().between(1, 2)));
        return Combinators.combine(records, waitForDurable, gzip, producerId).as(LogAction.Append::new);
    }

    private static Arbitrary<LogAction> reads() {
        Arbitrary<Integer> maxBytes = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.integers().between(1, 100)),
                Tuple.of(3, Arbitraries.integers().between(100, 3_000)),
                Tuple.of(1, Arbitraries.just(1 << 20)));
        return Combinators.combine(offsetPicks(), maxBytes).as(LogAction.Read::new);
    }

    private static Arbitrary<LogAction> clockSteps() {
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.longs().between(0, 500)),
                        Tuple.of(2, Arbitraries.longs().between(500, 5_000)),
                        Tuple.of(1, Arbitraries.longs().between(5_000, 30_000)))
                .map(LogAction.AdvanceClock::new);
    }

    private static Arbitrary<LogAction> deleteRecords() {
        Arbitrary<Boolean> pastLogEnd =
                Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        return Combinators.combine(offsetPicks(), pastLogEnd).as(LogAction.DeleteRecords::new);
    }

    private static Arbitrary<LogAction> timestampLookups() {
        Arbitrary<Long> delta = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(-2, 2)), Tuple.of(1, Arbitraries.of(-100_000L, 100_000L)));
        return Combinators.combine(offsetPicks(), delta).as(LogAction.OffsetForTimestamp::new);
    }

    private static Arbitrary<LogAction> crashes() {
        return Combinators.combine(
                        Arbitraries.of(CrashedLogDir.Tear.class),
                        Arbitraries.integers().between(0, 100_000))
                .as(LogAction.Crash::new);
    }

    private static Arbitrary<Integer> offsetPicks() {
        return Arbitraries.integers().between(0, 100_000);
    }
}
