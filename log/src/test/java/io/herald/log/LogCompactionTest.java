package io.herald.log;

import static io.herald.log.TestBatches.batch;
import static io.herald.log.TestBatches.keyed;
import static io.herald.log.TestBatches.readAll;
import static io.herald.log.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.log.TestBatches.KV;
import io.herald.log.TestBatches.ReadRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compaction ({@code cleanup.policy=compact} and {@code compact,delete}): the latest record of each key survives with
 * its offset, tombstones go after {@code delete.retention.ms}, nothing is reordered, the active segment is never
 * touched, and appends go on while it runs. Most tests check the consumer's view too: replaying the log from the start
 * gives the same key/value map before and after compaction.
 */
class LogCompactionTest {
    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "flush.policy", "interval");

    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    LogFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ---- what survives ----

    @Test
    void keepsOnlyTheLatestValueOfEachKey() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1");
            put(log, "b", "b1");
            log.roll();
            put(log, "a", "a2");
            put(log, "c", "c1");
            log.roll();
            put(log, "b", "b2");
            put(log, "a", "a3");
            log.roll();
            put(log, "d", "d1");
            Map<String, String> before = replay(all(log));

            log.compact();

            List<ReadRecord> after = all(log);
            assertThat(after)
                    .extracting(ReadRecord::offset, ReadRecord::key, ReadRecord::value)
                    .containsExactly(
                            tuple(3L, "c", "c1"), tuple(4L, "b", "b2"), tuple(5L, "a", "a3"), tuple(6L, "d", "d1"));
            assertThat(replay(after)).isEqualTo(before);
        }
    }

    @Test
    void segmentsYoungerThanMinCompactionLagAreLeftAlone() {
        try (PartitionLog log = fixture.open(with(COMPACT, "min.compaction.lag.ms", "60000"))) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();
            put(log, "z", "z1");

            log.compact();
            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "a2", "z1");

            fixture.clock.advance(60_001);
            log.compact();
            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a2", "z1");
        }
    }

    @Test
    void compactAndDeletePolicyCompactsToo() {
        try (PartitionLog log = fixture.open(with(COMPACT, "cleanup.policy", "compact,delete"))) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();
            put(log, "z", "z1");

            log.compact();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a2", "z1");
        }
    }

    @Test
    void survivingRecordsKeepTheirOffsetsAndReadsStepAcrossTheGaps() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            for (int i = 0; i < 12; i++) {
                put(log, "k" + (i % 4), "v" + i);
                if (i % 4 == 3) log.roll();
            }
            put(log, "tail", "t");
            List<ReadRecord> before = all(log);

            log.compact();

            // maxBytes 1: one batch per read, so every step lands after a gap
            List<ReadRecord> stepped = readAll(log, 0, 1);
            assertThat(stepped).extracting(ReadRecord::offset).containsExactly(8L, 9L, 10L, 11L, 12L);
            assertThat(stepped).containsExactlyElementsOf(before.subList(8, 13));
            assertThat(readAll(log, 0, 1 << 20)).isEqualTo(stepped);
        }
    }

    @Test
    void fetchingAnOffsetThatWasCompactedAwayReturnsTheNextSurvivingBatch() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1"); // 0
            put(log, "b", "b1"); // 1
            put(log, "a", "a2"); // 2
            put(log, "c", "c1"); // 3
            log.roll();
            put(log, "b", "b2"); // 4
            log.roll();
            put(log, "z", "z1"); // 5, active
            log.compact();

            LogReadResult fromZero = log.read(0, 1);
            LogReadResult fromOne = log.read(1, 1);

            assertThat(fromZero.logStartOffset()).isZero();
            assertThat(records(fromZero)).extracting(ReadRecord::offset).containsExactly(2L);
            assertThat(records(fromOne)).extracting(ReadRecord::offset).containsExactly(2L);
        }
    }

    @Test
    void neverCompactsTheActiveSegment() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            put(log, "a", "a3");

            CompactionStats stats = log.compact();

            assertThat(stats).isEqualTo(CompactionStats.NOTHING);
            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "a2", "a3");
        }
    }

    @Test
    void compactsInactiveSegmentsButLeavesDuplicatesInTheActiveOne() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();
            put(log, "b", "b1");
            put(log, "b", "b2");

            log.compact();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a2", "b1", "b2");
        }
    }

    @Test
    void readsWorkAfterCompactingTheSegmentRolledLast() {
        // nothing appended since the roll: the high watermark still sits at the end of the rolled segment
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();

            log.compact();

            assertThat(all(log))
                    .extracting(ReadRecord::offset, ReadRecord::value)
                    .containsExactly(tuple(1L, "a2"));
            assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(now(), 1));
        }
    }

    // ---- tombstones and keyless records ----

    @Test
    void keepsTombstonesUntilTheyAreOlderThanDeleteRetentionMs() {
        try (PartitionLog log = fixture.open(with(COMPACT, "delete.retention.ms", "1000"))) {
            put(log, "a", "a1");
            put(log, "a", null);
            put(log, "b", "b1");
            log.roll();
            put(log, "z", "z1");
            fixture.clock.advance(1000);

            log.compact();

            assertThat(all(log))
                    .extracting(ReadRecord::offset, ReadRecord::key, ReadRecord::value)
                    .containsExactly(tuple(1L, "a", null), tuple(2L, "b", "b1"), tuple(3L, "z", "z1"));
        }
    }

    @Test
    void dropsTombstonesOnceOlderThanDeleteRetentionMs() {
        try (PartitionLog log = fixture.open(with(COMPACT, "delete.retention.ms", "1000"))) {
            put(log, "a", "a1");
            put(log, "a", null);
            put(log, "b", "b1");
            log.roll();
            put(log, "z", "z1");
            log.compact();
            fixture.clock.advance(1001);

            log.compact();

            assertThat(all(log)).extracting(ReadRecord::key).containsExactly("b", "z");
        }
    }

    @Test
    void dropsKeylessRecords() {
        // Kafka rejects keyless records on compacted topics at produce time; the log itself drops any it finds.
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1");
            log.append(batch(Compression.NONE, List.of(new KV(null, "x", now()), new KV("b", "b1", now()))));
            log.append(batch(now(), "y"));
            put(log, "c", "c1");
            log.roll();
            put(log, "z", "z1");

            log.compact();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "b1", "c1", "z1");
        }
    }

    // ---- producer state ----

    @Test
    void keepsTheLastBatchOfEachProducerIdAsAnEmptyBatchWhenAllItsRecordsGo() {
        long producerId = 42;
        short epoch = 3;
        try (PartitionLog log = fixture.open(COMPACT)) {
            log.append(batch(Compression.NONE, List.of(new KV("a", "a1", now())), producerId, epoch, 0));
            log.append(batch(
                    Compression.NONE,
                    List.of(new KV("a", "a2", now()), new KV("b", "b1", now())),
                    producerId,
                    epoch,
                    1));
            put(log, "a", "a3"); // 3
            put(log, "b", "b2"); // 4
            log.roll();
            put(log, "z", "z1"); // 5

            log.compact();

            List<RecordBatch> batches = storedBatches(log);
            assertThat(batches)
                    .extracting(RecordBatch::baseOffset, RecordBatch::lastOffset)
                    .containsExactly(tuple(1L, 2L), tuple(3L, 3L), tuple(4L, 4L), tuple(5L, 5L));
            RecordBatch producerBatch = batches.getFirst();
            assertThat(producerBatch.countOrNull()).isZero();
            assertThat(producerBatch.producerId()).isEqualTo(producerId);
            assertThat(producerBatch.producerEpoch()).isEqualTo(epoch);
            assertThat(producerBatch.baseSequence()).isEqualTo(1);
            assertThat(producerBatch.lastSequence()).isEqualTo(2);
        }
    }

    // ---- compression ----

    @Test
    void rebuildsAGzipBatchWithItsSurvivorsStillGzipped() {
        try (PartitionLog log = fixture.open(COMPACT)) {
            log.append(batch(
                    Compression.gzip().build(),
                    List.of(new KV("a", "a1", now()), new KV("b", "b1", now()), new KV("c", "c1", now()))));
            put(log, "b", "b2");
            log.roll();
            put(log, "z", "z1");

            log.compact();

            RecordBatch gzip = storedBatches(log).getFirst();
            assertThat(gzip.compressionType()).isEqualTo(CompressionType.GZIP);
            assertThat(gzip.baseOffset()).isZero();
            assertThat(gzip.lastOffset()).isEqualTo(2);
            assertThat(all(log))
                    .extracting(ReadRecord::offset, ReadRecord::value)
                    .containsExactly(tuple(0L, "a1"), tuple(2L, "c1"), tuple(3L, "b2"), tuple(4L, "z1"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "snappy", "zstd"})
    void keepsBatchesInCodecsTheLogCannotDecodeByteForByte(String codec) {
        try (PartitionLog log = fixture.open(COMPACT)) {
            log.append(
                    batch(Compression.of(codec).build(), List.of(new KV("a", "a1", now()), new KV("b", "b1", now()))));
            put(log, "a", "a2");
            put(log, "b", "b2");
            log.roll();
            put(log, "z", "z1");
            ByteBuffer storedBefore = bytes(storedBatches(log).getFirst());
            Map<String, String> viewBefore = replay(all(log));

            log.compact();

            RecordBatch first = storedBatches(log).getFirst();
            assertThat(first.compressionType().name).isEqualTo(codec);
            assertThat(bytes(first)).isEqualTo(storedBefore);
            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "b1", "a2", "b2", "z1");
            assertThat(replay(all(log))).isEqualTo(viewBefore);
        }
    }

    @Test
    void keepsATombstoneWhileAnOlderValueOfItsKeyMaySurviveInABatchTheLogCannotDecode() {
        try (PartitionLog log = fixture.open(with(COMPACT, "delete.retention.ms", "1000"))) {
            log.append(batch(Compression.lz4().build(), List.of(new KV("a", "a1", now()))));
            put(log, "a", null);
            put(log, "b", "b1");
            log.roll();
            put(log, "z", "z1");
            fixture.clock.advance(1001);

            log.compact();

            assertThat(replay(all(log))).isEqualTo(Map.of("b", "b1", "z", "z1"));
        }
    }

    // ---- segments ----

    @Test
    void mergesSmallSegmentsIntoGroupsNoLargerThanSegmentBytes() throws IOException {
        int batchBytes = keyed(0, "k00", "v00").remaining();
        int segmentBytes = batchBytes * 8 + batchBytes / 2;
        try (PartitionLog log = fixture.open(with(COMPACT, "internal.segment.bytes", String.valueOf(segmentBytes)))) {
            for (int i = 0; i < 20; i++) {
                put(log, "k%02d".formatted(i), "v%02d".formatted(i));
                if (i % 2 == 1) log.roll();
            }
            put(log, "t00", "t00");
            List<ReadRecord> before = all(log);

            CompactionStats stats = log.compact();

            // 10 segments of 2 batches: groups of 4, 4 and 2 segments
            assertThat(stats.segmentsBefore()).isEqualTo(10);
            assertThat(stats.segmentsAfter()).isEqualTo(3);
            assertThat(log.segmentCount()).isEqualTo(4);
            for (long base : SegmentFiles.segmentBases(dir)) {
                assertThat(Files.size(SegmentFiles.file(dir, base, ".log"))).isLessThanOrEqualTo(segmentBytes);
            }
            assertThat(all(log)).isEqualTo(before);
        }
    }

    @Test
    void compactIsANoOpUnderCleanupPolicyDelete() {
        try (PartitionLog log = fixture.open(Map.of("cleanup.policy", "delete", "flush.policy", "interval"))) {
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.append(batch(now(), "keyless"));
            log.roll();
            put(log, "z", "z1");

            CompactionStats stats = log.compact();

            assertThat(stats).isEqualTo(CompactionStats.NOTHING);
            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "a2", "keyless", "z1");
        }
    }

    @Test
    void compactingAgainBeforeFileDeleteDelayPassesKeepsEveryRecord() {
        // file.delete.delay.ms is 60 s by default, so the first pass's .deleted files are still there
        try (PartitionLog log = fixture.open(COMPACT)) {
            put(log, "a", "a1"); // 0
            put(log, "b", "b1"); // 1
            log.roll();
            put(log, "a", "a2"); // 2
            log.roll();
            put(log, "z", "z1"); // 3
            log.compact();
            put(log, "a", "a3"); // 4
            log.roll();
            put(log, "y", "y1"); // 5

            log.compact();

            assertThat(all(log))
                    .extracting(ReadRecord::offset, ReadRecord::value)
                    .containsExactly(tuple(1L, "b1"), tuple(3L, "z1"), tuple(4L, "a3"), tuple(5L, "y1"));
        }
    }

    // ---- lookups ----

    @Test
    void offsetAndTimestampLookupsLandOnSurvivingRecordsAfterCompaction() {
        // index.interval.bytes=0: an index entry for every batch but each segment's first
        Map<String, String> props = with(COMPACT, "index.interval.bytes", "0");
        long t0 = LogFixture.START_MS;
        try (PartitionLog log = fixture.open(props)) {
            for (int i = 0; i < 30; i++) {
                // even offsets have unique keys; odd ones share three keys
                String key = i % 2 == 0 ? "u" + i : "d" + (i % 3);
                log.append(keyed(t0 + i * 10L, key, "v" + i));
                if (i % 6 == 5) log.roll();
            }
            log.append(keyed(t0 + 300, "tail", "t"));

            log.compact();

            List<ReadRecord> surviving = all(log);
            assertThat(surviving).hasSizeBetween(16, 30);
            for (long offset = 0; offset < 31; offset++) {
                ReadRecord next = firstAtOrAfter(surviving, offset);
                assertThat(records(log.read(offset, 1)).getFirst())
                        .as("read(%d)", offset)
                        .isEqualTo(next);
                long ts = t0 + offset * 10;
                assertThat(log.offsetForTimestamp(ts - 5))
                        .as("offsetForTimestamp(%d)", ts - 5)
                        .contains(new TimestampOffset(next.timestamp(), next.offset()));
                assertThat(log.offsetForTimestamp(ts)).contains(new TimestampOffset(next.timestamp(), next.offset()));
            }
        }
        assertThat(SegmentFiles.verifyIndexes(dir)).isGreaterThan(10);
    }

    // ---- reopening ----

    @Test
    void cleanReopenAfterCompactionGivesTheSameContent() {
        List<ReadRecord> compacted;
        try (PartitionLog log = fixture.open(COMPACT)) {
            writeOverwrittenKeys(log);
            log.compact();
            compacted = all(log);
        }
        try (PartitionLog log = fixture.open(COMPACT)) {
            assertThat(all(log)).isEqualTo(compacted);
            assertThat(log.append(keyed(now(), "next", "n")).baseOffset())
                    .isEqualTo(compacted.getLast().offset() + 1);
        }
        assertThat(SegmentFiles.verifyIndexes(dir)).isPositive();
    }

    @Test
    void uncleanReopenAfterCompactionGivesTheSameContent() throws IOException {
        List<ReadRecord> compacted;
        try (PartitionLog log = fixture.open(COMPACT)) {
            writeOverwrittenKeys(log);
            log.compact();
            log.flush();
            compacted = all(log);
            copyFiles(dir, crashed); // the files as a crash would leave them: no clean-shutdown marker
        }
        try (LogFixture other = new LogFixture(crashed);
                PartitionLog log = other.open(COMPACT)) {
            assertThat(all(log)).isEqualTo(compacted);
        }
    }

    @Test
    void reopenFinishesACompactionSwapThatACrashInterrupted() throws IOException {
        List<ReadRecord> compacted;
        try (PartitionLog log = fixture.open(COMPACT)) {
            writeOverwrittenKeys(log);
            log.flush();
            copyFiles(dir, crashed); // before the swap ...
            log.compact();
            compacted = all(log);
        }
        // ... with the cleaned segment complete under .swap: the commit point was passed
        Files.copy(dir.resolve("00000000000000000000.log"), crashed.resolve("00000000000000000000.log.swap"));

        try (LogFixture other = new LogFixture(crashed);
                PartitionLog log = other.open(COMPACT)) {
            assertThat(all(log)).isEqualTo(compacted);
            assertThat(log.segmentCount()).isEqualTo(2);
        }
        assertThat(crashed.resolve("00000000000000000000.log.swap")).doesNotExist();
    }

    @Test
    void aSwapThatFailsHalfWayStopsWritesAndTheNextOpenFinishesIt() throws IOException {
        // A non-empty directory where the second segment's .log.deleted must go makes that rename fail after the
        // first segment was already renamed .deleted: from then on only the .swap holds that segment's records.
        Path blocker = dir.resolve("00000000000000000008.log.deleted");
        Map<String, String> expected;
        try (PartitionLog log = fixture.open(COMPACT)) {
            writeOverwrittenKeys(log);
            Files.createDirectories(blocker);
            Files.writeString(blocker.resolve("occupied"), "x");
            expected = replay(all(log));

            assertThatThrownBy(log::compact)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("reopening finishes the swap");
            assertThatThrownBy(() -> put(log, "k0", "after")).isInstanceOf(StorageException.class);
            assertThat(dir.resolve("00000000000000000000.log.swap")).exists();
        }
        Files.delete(blocker.resolve("occupied"));
        Files.delete(blocker);

        try (LogFixture other = new LogFixture(dir);
                PartitionLog log = other.open(COMPACT)) {
            assertThat(replay(all(log))).isEqualTo(expected);
            assertThat(log.segmentCount()).isEqualTo(2);
        }
        assertThat(dir.resolve("00000000000000000000.log.swap")).doesNotExist();
    }

    // ---- background use ----

    @Test
    void maintenanceLoopCompactsALogWhoseDirtyRatioIsReached() {
        try (PartitionLog log = fixture.open(COMPACT);
                LogMaintenanceLoop loop = new LogMaintenanceLoop(TimeUnit.HOURS.toMillis(1))) {
            loop.register(log);
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();
            put(log, "z", "z1");

            loop.runOnce();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a2", "z1");
        }
    }

    @Test
    void maintenanceLoopLeavesALogBelowItsDirtyRatio() {
        try (PartitionLog log = fixture.open(with(COMPACT, "min.cleanable.dirty.ratio", "0.9"));
                LogMaintenanceLoop loop = new LogMaintenanceLoop(TimeUnit.HOURS.toMillis(1))) {
            loop.register(log);
            put(log, "a", "a1");
            put(log, "b", "b1");
            log.roll();
            log.compact();
            put(log, "a", "a2");
            put(log, "a", "a3");
            log.roll(); // dirty share is now about one half

            loop.runOnce();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "b1", "a2", "a3");
        }
    }

    @Test
    void maintenanceLoopNeverCompactsADeletePolicyLog() {
        try (PartitionLog log = fixture.open(Map.of("flush.policy", "interval"));
                LogMaintenanceLoop loop = new LogMaintenanceLoop(TimeUnit.HOURS.toMillis(1))) {
            loop.register(log);
            put(log, "a", "a1");
            put(log, "a", "a2");
            log.roll();

            loop.runOnce();

            assertThat(all(log)).extracting(ReadRecord::value).containsExactly("a1", "a2");
        }
    }

    @Test
    @Timeout(120)
    void appendsGoOnWhileCompactionRunsAndTheInvariantsHoldAfterwards() throws InterruptedException {
        int count = 2000;
        int keys = 50;
        try (PartitionLog log = fixture.open(with(COMPACT, "internal.segment.bytes", "4096"))) {
            long[] offsets = new long[count];
            AtomicReference<Throwable> appendFailure = new AtomicReference<>();
            Thread appender = Thread.ofPlatform().name("appender").start(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        offsets[i] = log.append(keyed(now(), "k" + (i % keys), "v" + i))
                                .baseOffset();
                    }
                } catch (Throwable t) {
                    appendFailure.set(t);
                }
            });
            int passes = 0;
            try {
                while (appender.isAlive()) {
                    log.compact();
                    passes++;
                    assertLatestValuesReadable(log, keys);
                }
            } finally {
                appender.join();
            }
            log.roll();
            log.compact();

            assertThat(appendFailure.get()).isNull();
            for (int i = 0; i < count; i++) assertThat(offsets[i]).isEqualTo(i);
            List<ReadRecord> after = all(log);
            // every key once, with its latest value, at the offset it was appended at, in offset order
            assertThat(after).hasSize(keys);
            for (ReadRecord r : after) {
                int i = (int) r.offset();
                assertThat(i).isGreaterThanOrEqualTo(count - keys);
                assertThat(r.key()).isEqualTo("k" + (i % keys));
                assertThat(r.value()).isEqualTo("v" + i);
            }
            assertThat(after).extracting(ReadRecord::offset).isSorted();
            assertThat(passes).isPositive();
        }
    }

    @Test
    @Timeout(120)
    void readsDuringCompactionSwapsNeverSkipTheCompactedSegments() throws InterruptedException {
        try (PartitionLog log = fixture.open(COMPACT)) {
            writeOverwrittenKeys(log);
            long activeBase = log.logEndOffset() - 1;
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            List<String> violations = new ArrayList<>();
            Thread reader = Thread.ofPlatform().name("reader").start(() -> {
                while (!stop.get()) {
                    try {
                        // the first surviving record is always in a compacted segment, below the active one
                        long first = records(log.read(0, 1)).getFirst().offset();
                        if (first >= activeBase) violations.add("read(0) returned offset " + first);
                    } catch (RuntimeException e) {
                        violations.add("read(0) failed: " + e);
                    }
                    reads.incrementAndGet();
                }
            });
            try {
                for (int pass = 0; pass < 10; pass++) log.compact();
            } finally {
                stop.set(true);
                reader.join();
            }

            assertThat(violations).isEmpty();
            assertThat(reads.get()).isPositive();
        }
    }

    // ---- helpers ----

    private long now() {
        return fixture.clock.millis();
    }

    private void put(PartitionLog log, String key, String value) {
        log.append(batch(Compression.NONE, List.of(new KV(key, value, now()))));
    }

    /** Three inactive segments in which every key but the last few is overwritten, then one record in the active. */
    private void writeOverwrittenKeys(PartitionLog log) {
        for (int i = 0; i < 24; i++) {
            put(log, "k" + (i % 5), "v" + i);
            if (i % 8 == 7) log.roll();
        }
        put(log, "tail", "t");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> props = new HashMap<>(base);
        props.put(key, value);
        return props;
    }

    private static List<ReadRecord> all(PartitionLog log) {
        return readAll(log, log.logStartOffset(), 1 << 20);
    }

    /** What a consumer that reads the whole log ends up with: tombstones remove keys, keyless records are ignored. */
    private static Map<String, String> replay(List<ReadRecord> records) {
        Map<String, String> view = new HashMap<>();
        for (ReadRecord r : records) {
            if (r.key() == null) continue;
            if (r.value() == null) view.remove(r.key());
            else view.put(r.key(), r.value());
        }
        return view;
    }

    /**
     * While appends go on: the whole log reads back in offset order, every record as appended, and the latest record
     * of every key below the high watermark is there. Offsets equal append order here (one appender, key i % keys,
     * value "v" + i), so those latest records are the last {@code keys} offsets below the high watermark.
     */
    private static void assertLatestValuesReadable(PartitionLog log, int keys) {
        long highWatermark = log.highWatermark();
        List<ReadRecord> read = all(log);
        assertThat(read).extracting(ReadRecord::offset).doesNotHaveDuplicates().isSorted();
        for (ReadRecord r : read) {
            assertThat(r.key()).isEqualTo("k" + (r.offset() % keys));
            assertThat(r.value()).isEqualTo("v" + r.offset());
        }
        List<Long> offsets = read.stream().map(ReadRecord::offset).toList();
        for (long o = Math.max(0, highWatermark - keys); o < highWatermark; o++) {
            assertThat(offsets).as("latest record of k%d", o % keys).contains(o);
        }
    }

    private static ReadRecord firstAtOrAfter(List<ReadRecord> records, long offset) {
        return records.stream().filter(r -> r.offset() >= offset).findFirst().orElseThrow();
    }

    /** Every stored batch from the log start to the high watermark, as kafka-clients parses them. */
    private static List<RecordBatch> storedBatches(PartitionLog log) {
        List<RecordBatch> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.highWatermark()) {
            LogReadResult result = log.read(next, 1 << 20);
            for (FileRegion region : result.regions()) {
                try {
                    for (MutableRecordBatch b :
                            MemoryRecords.readableRecords(region.read()).batches()) {
                        b.ensureValid();
                        if (b.lastOffset() >= next) out.add(b);
                        next = b.lastOffset() + 1;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    private static ByteBuffer bytes(RecordBatch batch) {
        ByteBuffer out = ByteBuffer.allocate(batch.sizeInBytes());
        ((MutableRecordBatch) batch).writeTo(out);
        return out.flip();
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    Files.copy(f, to.resolve(f.getFileName()));
                } catch (NoSuchFileException renamedMeanwhile) {
                    // A checkpoint's temporary file, renamed since the listing: a crash then leaves it gone too.
                }
            }
        }
    }
}
