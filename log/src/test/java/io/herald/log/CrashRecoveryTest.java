package io.herald.log;

import static io.herald.log.TestBatches.readAll;
import static io.herald.log.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.log.TestBatches.KV;
import io.herald.log.TestBatches.ReadRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash recovery of the partition log. A crash is simulated without timing: a {@link CrashImage} of the directory is
 * taken while the log is open (so it has no clean-shutdown marker), changed as a torn write, bit rot, lost index files
 * or an interrupted compaction would change it, written to a fresh directory and reopened.
 *
 * <p>The rule under test: after an unclean stop the log comes back as exactly a prefix of what was appended, holding
 * every batch whose append completed under {@code flush.policy=always}; the last segment, and under {@code interval}
 * every rolled segment at or above the checkpointed recovery point, is cut at its first torn or corrupt batch, with a
 * warning naming file and position, every segment after a cut one is deleted with a warning naming them, and the
 * indexes are rebuilt. Damage in data below the recovery point is reported with its file and position and never
 * skipped. To take a crash image while rolled segments still wait for their force, the test holds the flush
 * scheduler's background forces.
 *
 * <p>Batches are parsed with kafka-clients, not with the code under test, to find where they start and end.
 *
 * <p>The logs here do not preallocate ({@code preallocate=false}), so that a segment file holds its batches and nothing
 * else and a test can cut or damage it byte by byte; {@link PreallocationTest} covers crash images whose active segment
 * ends in preallocated zeros, and the model-checked {@link PartitionLogPropertiesTest} crashes logs of both kinds.
 */
class CrashRecoveryTest {
    private static final Map<String, String> SMALL_SEGMENTS =
            Map.of("internal.segment.bytes", "1024", "index.interval.bytes", "128");
    private static final Map<String, String> COMPACTED =
            Map.of("cleanup.policy", "compact", "internal.segment.bytes", "4096", "index.interval.bytes", "64");
    private static final int MAX_BYTES = 1 << 20;
    private static final String MARKER = PartitionLog.CLEAN_SHUTDOWN_FILE;
    /** The second of the three flushed segments that {@link #threeFlushedSegments} writes: offsets 4 to 7. */
    private static final String SEGMENT_4 = "00000000000000000004.log";

    private static final String SEGMENT_4_TIME_INDEX = "00000000000000000004.timeindex";

    @TempDir
    Path dir;

    LogFixture fixture;
    LogCapture loaderLog;
    /** The log of {@link #rollWhileForcesAreHeld}, closed after the test releases the forces. */
    PartitionLog heldLog;

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(dir);
        loaderLog = LogCapture.of(LogLoader.class);
    }

    @AfterEach
    void tearDown() {
        if (heldLog != null) {
            fixture.flusher.releaseRolledSegmentForces();
            heldLog.close();
        }
        loaderLog.close();
        fixture.close();
    }

    // ---- torn writes and bit rot in the last segment ----

    @Test
    void cutAtEveryBytePositionOfTheLastBatchesRecoversExactlyTheWholeBatchesBeforeTheCut() throws IOException {
        Acknowledged given = appendAcknowledgedBatches();
        String active = given.image().lastSegment();
        long activeBase = baseOffsetOf(active);
        byte[] full = given.image().file(active);
        List<BatchSpan> spans = BatchSpan.parse(full);
        assertThat(spans).as("batches in the active segment").hasSizeGreaterThan(4);

        for (int cut = spans.get(spans.size() - 3).start(); cut <= full.length; cut++) {
            int length = cut;
            List<BatchSpan> whole =
                    spans.stream().filter(s -> s.end() <= length).toList();
            int wholeEnd = whole.getLast().end();
            long next = whole.getLast().lastOffset() + 1;
            Path copy = given.image().with(active, Arrays.copyOf(full, cut)).writeTo(dir.resolve("cut-" + cut));
            loaderLog.clear();

            try (PartitionLog log = open(copy, SMALL_SEGMENTS)) {
                String at = "segment cut to " + cut + " bytes";
                List<ReadRecord> expected = given.below(next);
                assertThat(readAll(log, 0, MAX_BYTES)).as(at).isEqualTo(expected);
                assertThat(log.logEndOffset()).as(at).isEqualTo(next);
                assertThat(log.highWatermark()).as(at).isEqualTo(next);
                assertThat(Files.size(copy.resolve(active))).as(at).isEqualTo(wholeEnd);
                // A torn tail of zeros (the first bytes of a small base offset) reads as preallocated space: cut
                // quietly.
                boolean tornBytes =
                        java.util.stream.IntStream.range(wholeEnd, cut).anyMatch(i -> full[i] != 0);
                assertThat(truncationWarnings()).as(at).hasSize(tornBytes ? 1 : 0);
                if (tornBytes) {
                    assertThat(truncationWarnings().getFirst())
                            .contains(copy.resolve(active).toString(), "at byte position " + wholeEnd);
                }
                assertIndexFilesDescribe(copy, activeBase);
                assertEveryOffsetAndTimestampIsFound(log, expected);

                AppendResult after = log.append(TestBatches.batch(timestampOf(next), "after-the-cut"));
                after.durable().join();
                assertThat(after.baseOffset()).as(at).isEqualTo(next);
                assertThat(records(log.read(next, MAX_BYTES)))
                        .extracting(ReadRecord::value)
                        .containsExactly("after-the-cut");
            }
        }
    }

    @Test
    void aFlippedBitInTheLastBatchesCutsTheLogJustBeforeTheDamagedBatch() throws IOException {
        Acknowledged given = appendAcknowledgedBatches();
        String active = given.image().lastSegment();
        byte[] full = given.image().file(active);
        List<BatchSpan> spans = BatchSpan.parse(full);
        int from = spans.get(spans.size() - 4).start();
        Random random = new Random(0x5EEDL);
        Map<String, Integer> fieldsHit = new TreeMap<>();

        for (int i = 0; i < 300; i++) {
            int position = from + random.nextInt(full.length - from);
            int bit = random.nextInt(8);
            byte[] damaged = full.clone();
            damaged[position] ^= (byte) (1 << bit);
            BatchSpan hit = spans.stream()
                    .filter(s -> s.start() <= position && position < s.end())
                    .findFirst()
                    .orElseThrow();
            int field = position - hit.start();
            String fieldName = fieldName(field);
            fieldsHit.merge(fieldName, 1, Integer::sum);
            Path copy = given.image().with(active, damaged).writeTo(dir.resolve("flip-" + i));
            loaderLog.clear();

            try (PartitionLog log = open(copy, SMALL_SEGMENTS)) {
                String at = "bit " + bit + " of byte " + field + " (" + fieldName + ") in the batch at " + hit.start();
                if (fieldName.equals("partitionLeaderEpoch")) {
                    // The leader epoch lies outside the CRC (Kafka rewrites it without recomputing the CRC), so no
                    // check can see this flip: the batch stays, records intact, and the log is still the whole of
                    // what was appended. Only the epoch in the stored header differs, as written to the file.
                    assertThat(readAll(log, 0, MAX_BYTES)).as(at).isEqualTo(given.records());
                    assertThat(Files.readAllBytes(copy.resolve(active))).as(at).isEqualTo(damaged);
                    assertThat(truncationWarnings()).as(at).isEmpty();
                } else {
                    assertThat(readAll(log, 0, MAX_BYTES)).as(at).isEqualTo(given.below(hit.baseOffset()));
                    assertThat(log.logEndOffset()).as(at).isEqualTo(hit.baseOffset());
                    assertThat(Files.size(copy.resolve(active))).as(at).isEqualTo(hit.start());
                    assertThat(truncationWarnings()).as(at).hasSize(1);
                    assertThat(truncationWarnings().getFirst())
                            .as(at)
                            .contains(copy.resolve(active).toString(), "at byte position " + hit.start())
                            .containsAnyOf(expectedReasons(fieldName, damaged, hit.start()));
                }
            }
        }
        assertThat(fieldsHit)
                .as("every kind of header field was hit at least once")
                .containsKeys(
                        "baseOffset",
                        "batchLength",
                        "partitionLeaderEpoch",
                        "magic",
                        "crc",
                        "lastOffsetDelta",
                        "crc-covered");
    }

    private static String fieldName(int field) {
        if (field < 8) return "baseOffset";
        if (field < 12) return "batchLength";
        if (field < 16) return "partitionLeaderEpoch";
        if (field == 16) return "magic";
        if (field < 21) return "crc";
        if (field >= 23 && field < 27) return "lastOffsetDelta";
        return "crc-covered";
    }

    /** The reasons recovery may give: each field outside the CRC has its own check, the rest fail the CRC. */
    private static String[] expectedReasons(String fieldName, byte[] damaged, int batchStart) {
        return switch (fieldName) {
            case "baseOffset" -> new String[] {"base offset"};
            // a length that still fits the file makes the CRC cover other bytes
            case "batchLength" -> new String[] {"a batch length of", "CRC32C"};
            case "magic" -> new String[] {"magic"};
            case "lastOffsetDelta" ->
                ByteBuffer.wrap(damaged).getInt(batchStart + 23) < 0
                        ? new String[] {"negative last offset delta"}
                        : new String[] {"CRC32C"};
            default -> new String[] {"CRC32C"};
        };
    }

    // ---- concurrent acknowledged appends ----

    /**
     * Writers append to three partitions sharing one flush scheduler while images are taken. An image reads the page
     * cache, so this checks that an append is acknowledged only after its bytes are in the file and that recovery
     * keeps every such append and cuts only after them; whether the fsync itself reached the disk no copy can tell.
     */
    @Test
    void everyAppendAcknowledgedBeforeACrashImageIsTakenSurvivesInIt() throws Exception {
        int partitions = 3;
        int writers = 4;
        int imageCount = 5;
        Map<String, String> config = Map.of("internal.segment.bytes", "2048", "index.interval.bytes", "256");
        List<PartitionLog> logs = new ArrayList<>();
        List<ConcurrentSkipListMap<Long, List<String>>> appended = new ArrayList<>();
        List<ConcurrentSkipListSet<Long>> acknowledged = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            logs.add(open(dir.resolve("live").resolve("p" + p), config));
            appended.add(new ConcurrentSkipListMap<>());
            acknowledged.add(new ConcurrentSkipListSet<>());
        }
        Semaphore acks = new Semaphore(0);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<CompletableFuture<Void>> durables = new ConcurrentLinkedQueue<>();
        record Taken(List<NavigableSet<Long>> acknowledgedBefore, List<CrashImage> images) {}
        List<Taken> taken = new ArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    Random random = new Random(writer);
                    for (int n = 0; !stop.get(); n++) {
                        int p = random.nextInt(partitions);
                        List<String> values = new ArrayList<>();
                        for (int j = 0; j <= n % 3; j++) values.add("w" + writer + "-" + n + "-" + j);
                        AppendResult result = logs.get(p)
                                .append(TestBatches.batch(LogFixture.START_MS, values.toArray(String[]::new)));
                        appended.get(p).put(result.baseOffset(), values);
                        durables.add(result.durable());
                        result.durable().thenRun(() -> {
                            acknowledged.get(p).add(result.baseOffset());
                            acks.release();
                        });
                        // pipelined like a producer with a few requests in flight
                        if (n % 8 == 7) result.durable().join();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < imageCount; i++) {
                // A guard against a hang, not a timing assertion: the writers run until every image is taken.
                assertThat(acks.tryAcquire(40, 30, TimeUnit.SECONDS)).isTrue();
                // Read before the copy starts: every append in here had completed before any file was copied.
                List<NavigableSet<Long>> before = new ArrayList<>();
                for (var set : acknowledged) before.add(new TreeSet<>(set));
                List<CrashImage> images = new ArrayList<>();
                for (PartitionLog log : logs) images.add(CrashImage.of(log.dir()));
                taken.add(new Taken(before, images));
            }
            stop.set(true);
            for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(durables.toArray(new CompletableFuture<?>[0]))
                    .join();
        } finally {
            stop.set(true);
            pool.shutdownNow();
            for (PartitionLog log : logs) log.close();
        }

        Random random = new Random(0xC0FFEEL);
        for (int i = 0; i < taken.size(); i++) {
            for (int p = 0; p < partitions; p++) {
                CrashImage image = taken.get(i).images().get(p);
                NavigableSet<Long> mustSurvive =
                        taken.get(i).acknowledgedBefore().get(p);
                // The copy itself rarely catches a write half done, so also tear the tail at a random byte after the
                // last acknowledged batch, as a crash during the writes after it would.
                String active = image.lastSegment();
                byte[] tail = image.file(active);
                int keep = BatchSpan.parse(tail).stream()
                        .filter(s -> !mustSurvive.isEmpty() && s.baseOffset() == mustSurvive.last())
                        .mapToInt(BatchSpan::end)
                        .findFirst()
                        .orElse(0);
                int cut = keep + random.nextInt(tail.length - keep + 1);
                CrashImage torn = image.with(active, Arrays.copyOf(tail, cut));
                for (CrashImage variant : List.of(image, torn)) {
                    boolean copied = variant == image;
                    String at = "image " + i + " of partition " + p + (copied ? ", as copied" : ", torn at " + cut);
                    Path copy = variant.writeTo(dir.resolve("image-" + i + "-p" + p + (copied ? "" : "-torn")));
                    try (PartitionLog log = open(copy, config)) {
                        long end = log.logEndOffset();
                        List<String> prefix = new ArrayList<>();
                        appended.get(p).headMap(end).values().forEach(prefix::addAll);
                        assertThat(readAll(log, 0, MAX_BYTES))
                                .as(at)
                                .extracting(ReadRecord::value)
                                .containsExactlyElementsOf(prefix);
                        assertThat(prefix)
                                .as(at + ": the log ends on a batch boundary")
                                .hasSize((int) end);
                        if (!mustSurvive.isEmpty()) assertThat(end).as(at).isGreaterThan(mustSurvive.last());
                    }
                }
            }
        }
        assertThat(taken.getLast().acknowledgedBefore().stream()
                        .mapToInt(NavigableSet::size)
                        .sum())
                .isGreaterThanOrEqualTo(40 * imageCount);
    }

    // ---- damage in flushed segments ----

    @Test
    void aCorruptBatchInAFlushedSegmentIsHandedOutWholeByReadsNotSkipped() throws IOException {
        Path live = threeFlushedSegments();
        int position = corruptSecondBatchOf(live.resolve(SEGMENT_4));

        try (PartitionLog log = open(live, COMPACTED)) {
            LogReadResult read = log.read(5, 1);

            assertThat(read.regions()).hasSize(1);
            assertThat(read.regions().getFirst().position()).isEqualTo(position);
            assertThatThrownBy(() -> records(read)).isInstanceOf(CorruptRecordException.class);
            assertThat(records(log.read(6, 1))).extracting(ReadRecord::offset).containsExactly(6L);
            assertThat(log.logEndOffset()).isEqualTo(12);
        }
    }

    @ParameterizedTest(name = "batch length {0}")
    @ValueSource(ints = {0, -70, 1 << 30})
    @Timeout(60) // the bug this guards against was an endless loop over a zero length
    void aBatchLengthDamagedWhileOpenFailsReadsAndLookupsWithItsFileAndPosition(int length) throws IOException {
        // Lookups that land on the damaged header must fail; a read that starts before it hands the bytes out whole
        // (the consumer's CRC check catches them, as in Kafka), and reads past it are unaffected.
        Path live = threeFlushedSegments();
        try (PartitionLog log = open(live, COMPACTED)) {
            Path segment = live.resolve(SEGMENT_4);
            byte[] bytes = Files.readAllBytes(segment);
            BatchSpan second = BatchSpan.parse(bytes).get(1);
            ByteBuffer.wrap(bytes).putInt(second.start() + 8, length);
            Files.write(segment, bytes);

            for (ThrowingCallable lookup : List.<ThrowingCallable>of(
                    () -> log.read(5, MAX_BYTES), () -> log.read(5, 1), () -> log.offsetForTimestamp(timestampOf(5)))) {
                assertThatThrownBy(lookup).isInstanceOfSatisfying(CorruptBatchException.class, e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.position()).isEqualTo(second.start());
                });
            }
            assertThat(records(log.read(8, MAX_BYTES)))
                    .extracting(ReadRecord::offset)
                    .startsWith(8L);
        }
    }

    @Test
    void compactionStopsAtACorruptBatchAndNamesItsFileAndPosition() throws IOException {
        Path live = threeFlushedSegments();
        int position = corruptSecondBatchOf(live.resolve(SEGMENT_4));

        try (PartitionLog log = open(live, COMPACTED)) {
            assertThatThrownBy(log::compact)
                    .isInstanceOfSatisfying(CorruptBatchException.class, e -> {
                        assertThat(e.file()).isEqualTo(live.resolve(SEGMENT_4));
                        assertThat(e.position()).isEqualTo(position);
                    })
                    .hasMessageContaining(live.resolve(SEGMENT_4) + " at byte position " + position);
            assertThat(log.segmentCount()).isEqualTo(4);
            assertThat(CrashImage.of(live).names()).noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".swap"));
            assertThat(records(log.read(4, 1))).extracting(ReadRecord::value).containsExactly("v4");
            assertThat(records(log.read(6, MAX_BYTES)))
                    .extracting(ReadRecord::offset)
                    .startsWith(6L, 7L, 8L);
        }
    }

    @ParameterizedTest(name = "after a clean shutdown: {0}")
    @ValueSource(booleans = {true, false})
    void aCorruptBatchInAFlushedSegmentWithLostIndexesFailsTheOpenWithItsFileAndPosition(boolean clean)
            throws IOException {
        Path live = threeFlushedSegments();
        int position = corruptSecondBatchOf(live.resolve(SEGMENT_4));
        byte[] before = Files.readAllBytes(live.resolve(SEGMENT_4));
        // without its time index the segment must be re-validated to be opened
        Files.delete(live.resolve(SEGMENT_4_TIME_INDEX));
        if (!clean) Files.delete(live.resolve(MARKER));

        assertThatThrownBy(() -> open(live, COMPACTED))
                .isInstanceOfSatisfying(CorruptBatchException.class, e -> {
                    assertThat(e.file()).isEqualTo(live.resolve(SEGMENT_4));
                    assertThat(e.position()).isEqualTo(position);
                })
                .hasMessageContaining("CRC32C");
        assertThat(Files.readAllBytes(live.resolve(SEGMENT_4)))
                .as("flushed bytes are never cut")
                .isEqualTo(before);
    }

    /** Twelve one-record batches over keys k0..k3 in three rolled segments of four, then an empty active one. */
    private Path threeFlushedSegments() {
        Path live = dir.resolve("live");
        try (PartitionLog log = open(live, COMPACTED)) {
            for (int i = 0; i < 12; i++) {
                log.append(TestBatches.keyed(timestampOf(i), "k" + (i % 4), "v" + i))
                        .durable()
                        .join();
                if (i % 4 == 3) log.roll();
            }
        }
        return live;
    }

    /** Flips a bit in the last record byte of the second batch of {@code segment}, under its CRC; returns its start. */
    private static int corruptSecondBatchOf(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        BatchSpan second = BatchSpan.parse(bytes).get(1);
        bytes[second.end() - 1] ^= 1;
        Files.write(segment, bytes);
        return second.start();
    }

    // ---- lost or damaged indexes ----

    enum IndexDamage {
        INDEX_DELETED,
        TIME_INDEX_DELETED,
        BOTH_DELETED,
        INDEX_TORN,
        TIME_INDEX_TORN,
        INDEX_POINTS_PAST_THE_SEGMENT,
        TIME_INDEX_POINTS_PAST_THE_SEGMENT
    }

    @ParameterizedTest
    @EnumSource(IndexDamage.class)
    void damagedIndexesOfAFlushedSegmentAreRebuiltOnOpen(IndexDamage damage) throws IOException {
        Acknowledged given = appendAcknowledgedBatches();
        CrashImage clean = CrashImage.of(given.live());
        assertThat(clean.names()).contains(MARKER);
        String segment = clean.names().stream()
                .filter(n -> n.endsWith(".log"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        long base = baseOffsetOf(segment);
        Path copy = damage(clean, base, damage).writeTo(dir.resolve("damaged"));

        try (PartitionLog log = open(copy, SMALL_SEGMENTS)) {
            assertThat(loaderLog.warnings())
                    .containsExactly(
                            "indexes of " + copy.resolve(segment) + " do not match the segment; rebuilding them");
            assertIndexFilesDescribe(copy, base);
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(given.records());
            assertEveryOffsetAndTimestampIsFound(log, given.records());
        }
    }

    private static CrashImage damage(CrashImage image, long base, IndexDamage damage) {
        String index = name(base, ".index");
        String timeIndex = name(base, ".timeindex");
        return switch (damage) {
            case INDEX_DELETED -> image.without(index);
            case TIME_INDEX_DELETED -> image.without(timeIndex);
            case BOTH_DELETED -> image.without(index).without(timeIndex);
            case INDEX_TORN -> image.with(index, Arrays.copyOf(image.file(index), image.file(index).length - 3));
            case TIME_INDEX_TORN ->
                image.with(timeIndex, Arrays.copyOf(image.file(timeIndex), image.file(timeIndex).length - 5));
            case INDEX_POINTS_PAST_THE_SEGMENT -> {
                int segmentBytes = image.file(name(base, ".log")).length;
                yield image.with(
                        index,
                        concat(
                                image.file(index),
                                ByteBuffer.allocate(8)
                                        .putInt(1_000)
                                        .putInt(segmentBytes + 100)
                                        .array()));
            }
            case TIME_INDEX_POINTS_PAST_THE_SEGMENT ->
                image.with(
                        timeIndex,
                        concat(
                                image.file(timeIndex),
                                ByteBuffer.allocate(12)
                                        .putLong(Long.MAX_VALUE)
                                        .putInt(1_000)
                                        .array()));
        };
    }

    // ---- interrupted compaction ----

    @Test
    void aCompactionInterruptedAtAnyRenameReopensAsTheOldOrTheNewSegmentsAndKeepsTheLatestValues() throws IOException {
        Path live = dir.resolve("live");
        Map<String, String> latest = new HashMap<>();
        try (PartitionLog log = open(live, COMPACTED)) {
            for (int i = 0; i < 15; i++) {
                String value = i == 9 ? null : "v" + i;
                List<KV> kvs = List.of(
                        new KV("k" + (i % 4), value, timestampOf(2 * i)),
                        new KV("k" + (i % 3), "w" + i, timestampOf(2 * i + 1)));
                log.append(TestBatches.batch(Compression.NONE, kvs)).durable().join();
                for (KV kv : kvs) latest.put(kv.key(), kv.value());
                if (i % 3 == 2 && i < 12) log.roll();
            }
        }
        // the log was open while it compacted, so the crash leaves no marker
        CrashImage uncompacted = CrashImage.of(live).without(MARKER);
        CrashImage compacted = compactedCopyOf(uncompacted);
        List<String> originals = uncompacted.names().stream()
                .filter(n -> n.endsWith(".log") && !n.equals(uncompacted.lastSegment()))
                .toList();
        assertThat(originals).as("one group of four segments").hasSize(4);
        long groupBase = baseOffsetOf(originals.getFirst());
        List<ReadRecord> before = recordsOf(uncompacted, "read-uncompacted");
        List<ReadRecord> after = recordsOf(compacted, "read-compacted");
        assertThat(after).hasSizeLessThan(before.size());

        // What LogCompactor does, one rename at a time: write .cleaned, rename it to .swap (the .log rename is the
        // commit point), rename each replaced segment to .deleted, rename .swap to the live names.
        CrashImage state = uncompacted;
        for (String kind : List.of(".index", ".timeindex", ".log")) {
            state = state.with(name(groupBase, kind + ".cleaned"), compacted.file(name(groupBase, kind)));
        }
        List<String[]> renames = new ArrayList<>();
        for (String kind : List.of(".index", ".timeindex", ".log")) {
            renames.add(new String[] {name(groupBase, kind + ".cleaned"), name(groupBase, kind + ".swap")});
        }
        int commit = renames.size();
        for (String original : originals) {
            for (String kind : List.of(".index", ".timeindex", ".log")) {
                String file = name(baseOffsetOf(original), kind);
                renames.add(new String[] {file, file + ".deleted"});
            }
        }
        for (String kind : List.of(".index", ".timeindex", ".log")) {
            renames.add(new String[] {name(groupBase, kind + ".swap"), name(groupBase, kind)});
        }

        for (int step = 0; step <= renames.size(); step++) {
            if (step > 0) state = state.renamed(renames.get(step - 1)[0], renames.get(step - 1)[1]);
            String at = step == 0
                    ? "crash with the .cleaned files written"
                    : "crash after renaming " + renames.get(step - 1)[0] + " to " + renames.get(step - 1)[1];
            Path copy = state.writeTo(dir.resolve("step-" + step));

            try (PartitionLog log = open(copy, COMPACTED)) {
                assertThat(CrashImage.of(copy).names())
                        .as(at)
                        .noneMatch(n -> n.endsWith(".cleaned") || n.endsWith(".swap") || n.endsWith(".deleted"));
                List<ReadRecord> read = readAll(log, log.logStartOffset(), MAX_BYTES);
                assertThat(read).as(at).isEqualTo(step < commit ? before : after);
                assertThat(latestByKey(read)).as(at).isEqualTo(latest);

                log.compact();
                assertThat(latestByKey(readAll(log, log.logStartOffset(), MAX_BYTES)))
                        .as(at + ", compacted again")
                        .isEqualTo(latest);
            }
        }
    }

    private CrashImage compactedCopyOf(CrashImage image) throws IOException {
        Path copy = image.writeTo(dir.resolve("compacting"));
        try (PartitionLog log = open(copy, COMPACTED)) {
            CompactionStats stats = log.compact();
            assertThat(stats.segmentsAfter()).isEqualTo(1);
        }
        return CrashImage.of(copy).without(MARKER);
    }

    private List<ReadRecord> recordsOf(CrashImage image, String name) throws IOException {
        try (PartitionLog log = open(image.writeTo(dir.resolve(name)), COMPACTED)) {
            return readAll(log, log.logStartOffset(), MAX_BYTES);
        }
    }

    private static Map<String, String> latestByKey(List<ReadRecord> records) {
        Map<String, String> latest = new HashMap<>();
        for (ReadRecord r : records) latest.put(r.key(), r.value());
        return latest;
    }

    // ---- flush.policy=interval: rolled segments forced in the background ----

    @Test
    void aTornRolledSegmentAboveTheRecoveryPointEndsTheLogAndTheSegmentsAfterItAreDeleted() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        String torn = given.unflushed().getFirst();
        byte[] full = given.image().file(torn);
        BatchSpan second = BatchSpan.parse(full).get(1);
        int cut = (second.start() + second.end()) / 2;
        Path copy = given.image().with(torn, Arrays.copyOf(full, cut)).writeTo(dir.resolve("torn"));

        try (PartitionLog log = open(copy, HeldForces.INTERVAL)) {
            long end = second.baseOffset();
            assertThat(log.logEndOffset()).isEqualTo(end);
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(given.below(end));
            assertThat(CrashImage.of(copy).names().stream().filter(n -> n.endsWith(".log")))
                    .as("segments after the torn one are deleted")
                    .last()
                    .isEqualTo(torn);
            assertThat(truncationWarnings())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(copy.resolve(torn).toString(), "at byte position " + second.start());
            assertThat(deletionWarnings())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(laterSegments(given, torn, copy));
            assertThat(log.recoveryPoint()).as("recovery point after the open").isEqualTo(end);
            assertThat(Files.readString(copy.resolve(RecoveryPoint.FILE)).trim())
                    .isEqualTo(String.valueOf(end));

            AppendResult after = log.append(TestBatches.batch(timestampOf(end), "after-the-cut"));
            assertThat(after.baseOffset()).isEqualTo(end);
        }
    }

    @Test
    void aRolledSegmentWhoseTailWasLostAtABatchBoundaryEndsTheLogWithoutAGap() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        String shortened = given.unflushed().getFirst();
        byte[] full = given.image().file(shortened);
        BatchSpan last = BatchSpan.parse(full).getLast();
        Path copy =
                given.image().with(shortened, Arrays.copyOf(full, last.start())).writeTo(dir.resolve("short"));

        try (PartitionLog log = open(copy, HeldForces.INTERVAL)) {
            assertThat(log.logEndOffset()).isEqualTo(last.baseOffset());
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(given.below(last.baseOffset()));
            assertThat(truncationWarnings()).as("every batch left is whole").isEmpty();
            assertThat(deletionWarnings())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(laterSegments(given, shortened, copy));
        }
    }

    @Test
    void rolledSegmentsAboveTheRecoveryPointThatReachedTheDiskWholeAreKept() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        String active = given.image().lastSegment();
        byte[] full = given.image().file(active);
        BatchSpan lastBatch = BatchSpan.parse(full).getLast();
        Path copy =
                given.image().with(active, Arrays.copyOf(full, full.length - 3)).writeTo(dir.resolve("whole"));

        try (PartitionLog log = open(copy, HeldForces.INTERVAL)) {
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(given.below(lastBatch.baseOffset()));
            assertThat(truncationWarnings())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains(copy.resolve(active).toString());
            assertThat(deletionWarnings()).isEmpty();
            for (String segment : given.unflushed()) assertIndexFilesDescribe(copy, baseOffsetOf(segment));
        }
    }

    @Test
    void aTornSegmentBelowTheRecoveryPointStillFailsTheOpenWithItsFileAndPosition() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        String flushed = given.flushed().getLast();
        byte[] full = given.image().file(flushed);
        BatchSpan last = BatchSpan.parse(full).getLast();
        Path copy = given.image()
                .with(flushed, Arrays.copyOf(full, full.length - 5))
                .writeTo(dir.resolve("below"));

        assertThatThrownBy(() -> open(copy, HeldForces.INTERVAL))
                .isInstanceOfSatisfying(CorruptBatchException.class, e -> {
                    assertThat(e.file()).isEqualTo(copy.resolve(flushed));
                    assertThat(e.position()).isEqualTo(last.start());
                });
        assertThat(Files.size(copy.resolve(flushed)))
                .as("flushed bytes are never cut")
                .isEqualTo(full.length - 5);
    }

    @Test
    void withoutARecoveryPointCheckpointOnlyTheLastSegmentIsTreatedAsUnflushed() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        CrashImage legacy = given.image().without(RecoveryPoint.FILE);
        String rolled = given.unflushed().getFirst();
        byte[] full = legacy.file(rolled);
        Path torn = legacy.with(rolled, Arrays.copyOf(full, full.length - 5)).writeTo(dir.resolve("legacy-torn"));
        Path whole = legacy.writeTo(dir.resolve("legacy-whole"));

        assertThatThrownBy(() -> open(torn, HeldForces.INTERVAL))
                .as("a rolled segment counts as flushed, as before there was a recovery point")
                .isInstanceOfSatisfying(
                        CorruptBatchException.class, e -> assertThat(e.file()).isEqualTo(torn.resolve(rolled)));
        try (PartitionLog log = open(whole, HeldForces.INTERVAL)) {
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(given.records());
            assertThat(deletionWarnings()).isEmpty();
            assertThat(log.recoveryPoint()).isEqualTo(log.logEndOffset());
        }
        assertThat(Files.readString(whole.resolve(RecoveryPoint.FILE)).trim())
                .as("the open writes the checkpoint")
                .isEqualTo(String.valueOf(given.records().getLast().offset() + 1));
    }

    @Test
    void theRecoveryPointCheckpointFollowsTheBackgroundForcesAndTheCleanClose() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        long checkpointed = Long.parseLong(
                new String(given.image().file(RecoveryPoint.FILE), java.nio.charset.StandardCharsets.US_ASCII).trim());
        assertThat(checkpointed)
                .as("the checkpoint in the crash image")
                .isEqualTo(given.recoveryPoint())
                .isEqualTo(baseOffsetOf(given.unflushed().getFirst()));

        fixture.flusher.releaseRolledSegmentForces();
        fixture.flusher.holdRolledSegmentForces(); // returns once the released forces are done
        long activeBase = baseOffsetOf(given.image().lastSegment());
        assertThat(Files.readString(given.live().resolve(RecoveryPoint.FILE)).trim())
                .as("after the background forces")
                .isEqualTo(String.valueOf(activeBase));
        assertThat(given.log().recoveryPoint()).isEqualTo(activeBase);

        given.log().close();
        assertThat(Files.readString(given.live().resolve(RecoveryPoint.FILE)).trim())
                .as("after a clean close")
                .isEqualTo(String.valueOf(given.records().getLast().offset() + 1));
    }

    @Test
    void aFlushForcesTheRolledSegmentsAndMovesTheRecoveryPointPastThem() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        long activeBase = baseOffsetOf(given.image().lastSegment());

        given.log().flush();

        assertThat(given.log().recoveryPoint()).isEqualTo(activeBase);
        assertThat(Files.readString(given.live().resolve(RecoveryPoint.FILE)).trim())
                .isEqualTo(String.valueOf(activeBase));
        assertThat(given.log().forcedBytes(activeBase))
                .isEqualTo(given.image().file(given.image().lastSegment()).length);
        given.log().close();
    }

    @Test
    void aFailedBackgroundForceFailsTheLog() throws IOException {
        HeldForces given = rollWhileForcesAreHeld();
        String rolled = given.unflushed().getFirst();
        Files.delete(given.live().resolve(rolled.replace(".log", ".index")));
        LogCapture logLog = LogCapture.of(PartitionLog.class);
        try {
            fixture.flusher.releaseRolledSegmentForces();
            fixture.flusher.holdRolledSegmentForces();

            assertThatThrownBy(() -> given.log().append(TestBatches.batch(timestampOf(0), "refused")))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(
                            "forcing the rolled segment " + given.live().resolve(rolled));
            assertThat(given.log().recoveryPoint()).isEqualTo(given.recoveryPoint());
        } finally {
            logLog.close();
            given.log().close();
        }
    }

    /**
     * An interval log at {@code live}, still open: a first session whose rolled segments were forced (the recovery
     * point passed them), then appends while the flush scheduler holds its background forces, so three or more rolled
     * segments sit above the recovery point, and a crash image taken then. The forces stay held until the test ends.
     */
    private record HeldForces(
            Path live,
            PartitionLog log,
            List<ReadRecord> records,
            CrashImage image,
            long recoveryPoint,
            List<String> flushed,
            List<String> unflushed) {
        static final Map<String, String> INTERVAL =
                Map.of("internal.segment.bytes", "1024", "index.interval.bytes", "128", "flush.policy", "interval");

        List<ReadRecord> below(long offset) {
            return records.stream().filter(r -> r.offset() < offset).toList();
        }
    }

    private HeldForces rollWhileForcesAreHeld() throws IOException {
        Path live = dir.resolve("interval-live");
        List<ReadRecord> appended = new ArrayList<>();
        PartitionLog log = open(live, HeldForces.INTERVAL);
        for (int n = 0; n < 30; n++) appendAndWait(log, n, appended);
        heldLog = log;
        fixture.flusher.holdRolledSegmentForces();
        long recoveryPoint = log.recoveryPoint();
        for (int n = 30; n < 75; n++) appendAndWait(log, n, appended);
        CrashImage image = CrashImage.of(live);
        List<String> segments =
                image.names().stream().filter(n -> n.endsWith(".log")).toList();
        List<String> flushed = new ArrayList<>();
        List<String> unflushed = new ArrayList<>();
        for (int i = 0; i + 1 < segments.size(); i++) {
            (baseOffsetOf(segments.get(i + 1)) <= recoveryPoint ? flushed : unflushed).add(segments.get(i));
        }
        assertThat(flushed).as("rolled segments forced before the hold").hasSizeGreaterThanOrEqualTo(2);
        assertThat(unflushed).as("rolled segments waiting for their force").hasSizeGreaterThanOrEqualTo(3);
        loaderLog.clear();
        return new HeldForces(
                live, log, List.copyOf(appended), image, recoveryPoint, List.copyOf(flushed), List.copyOf(unflushed));
    }

    /** The paths of the segments after {@code segment} in the crash image, as they are named in {@code copy}. */
    private static String[] laterSegments(HeldForces given, String segment, Path copy) {
        return given.image().names().stream()
                .filter(n -> n.endsWith(".log") && n.compareTo(segment) > 0)
                .map(n -> copy.resolve(n).toString())
                .toArray(String[]::new);
    }

    private List<String> deletionWarnings() {
        return loaderLog.warnings().stream()
                .filter(w -> w.startsWith("recovery deleted"))
                .toList();
    }

    // ---- the appended log and its checks ----

    /** What was appended and acknowledged, in offset order, and the crash image taken while the log was open. */
    private record Acknowledged(Path live, List<ReadRecord> records, CrashImage image) {
        List<ReadRecord> below(long offset) {
            return records.stream().filter(r -> r.offset() < offset).toList();
        }
    }

    /**
     * Appends 24 batches of one to three records, waiting for each to be durable. The first 16 go in a session that
     * ends cleanly, so that the crash image's active segment also carries index files that the crash made stale.
     * The directory is closed cleanly when this returns.
     */
    private Acknowledged appendAcknowledgedBatches() throws IOException {
        Path live = dir.resolve("live");
        List<ReadRecord> appended = new ArrayList<>();
        try (PartitionLog log = open(live, SMALL_SEGMENTS)) {
            for (int n = 0; n < 16; n++) appendAndWait(log, n, appended);
        }
        try (PartitionLog log = open(live, SMALL_SEGMENTS)) {
            for (int n = 16; n < 24; n++) appendAndWait(log, n, appended);
            CrashImage image = CrashImage.of(live);
            assertThat(image.names())
                    .doesNotContain(MARKER)
                    .filteredOn(n -> n.endsWith(".log"))
                    .hasSizeGreaterThan(2);
            return new Acknowledged(live, List.copyOf(appended), image);
        }
    }

    private static void appendAndWait(PartitionLog log, int n, List<ReadRecord> appended) {
        long offset = log.logEndOffset();
        List<KV> kvs = new ArrayList<>();
        for (int j = 0; j <= n % 3; j++) kvs.add(new KV("key" + n, "value-" + n + "-" + j, timestampOf(offset + j)));
        AppendResult result = log.append(TestBatches.batch(Compression.NONE, kvs));
        result.durable().join();
        assertThat(result.baseOffset()).isEqualTo(offset);
        for (int j = 0; j < kvs.size(); j++) {
            KV kv = kvs.get(j);
            appended.add(new ReadRecord(offset + j, kv.timestamp(), kv.key(), kv.value()));
        }
    }

    /** Each offset's record is stamped 10 ms after the previous one's, from the fixture clock's start. */
    private static long timestampOf(long offset) {
        return LogFixture.START_MS + 10 * offset;
    }

    /** Every record is found by a read at its offset and by a lookup of its timestamp; nothing past the last. */
    private static void assertEveryOffsetAndTimestampIsFound(PartitionLog log, List<ReadRecord> expected) {
        for (ReadRecord r : expected) {
            assertThat(records(log.read(r.offset(), 1)))
                    .as("read at %d", r.offset())
                    .contains(r);
            assertThat(log.offsetForTimestamp(r.timestamp()))
                    .as("lookup of %d", r.timestamp())
                    .contains(new TimestampOffset(r.timestamp(), r.offset()));
        }
        long last = expected.isEmpty() ? 0 : expected.getLast().timestamp();
        assertThat(log.offsetForTimestamp(last + 1)).isEmpty();
    }

    /**
     * The segment's index files on disk describe its log file as it now is: every offset index entry names the last
     * offset of the batch starting at its position, and every time index entry a batch's max timestamp that is the
     * largest so far, at that batch's last offset, ending with the segment's largest timestamp.
     */
    private static void assertIndexFilesDescribe(Path dir, long base) throws IOException {
        List<BatchSpan> spans = BatchSpan.parse(Files.readAllBytes(dir.resolve(name(base, ".log"))));
        ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name(base, ".index"))));
        assertThat(index.remaining() % 8).isZero();
        int lastPosition = -1;
        while (index.hasRemaining()) {
            long offset = base + index.getInt();
            int position = index.getInt();
            assertThat(position).isGreaterThan(lastPosition);
            lastPosition = position;
            assertThat(spans)
                    .as("offset index entry (%d, %d)", offset, position)
                    .anyMatch(s -> s.start() == position && s.lastOffset() == offset);
        }
        ByteBuffer times = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name(base, ".timeindex"))));
        assertThat(times.remaining() % 12).isZero();
        long lastTimestamp = Long.MIN_VALUE;
        while (times.hasRemaining()) {
            long timestamp = times.getLong();
            long offset = base + times.getInt();
            assertThat(timestamp).isGreaterThan(lastTimestamp);
            lastTimestamp = timestamp;
            assertThat(spans)
                    .as("time index entry (%d, %d)", timestamp, offset)
                    .anyMatch(s -> s.lastOffset() == offset && s.maxTimestamp() == timestamp);
        }
        long segmentMax =
                spans.stream().mapToLong(BatchSpan::maxTimestamp).max().orElse(Long.MIN_VALUE);
        assertThat(lastTimestamp).isEqualTo(segmentMax);
    }

    /** The whole batches of a segment file, as kafka-clients parses them: a torn last batch is not one of them. */
    private record BatchSpan(int start, int end, long baseOffset, long lastOffset, long maxTimestamp) {
        static List<BatchSpan> parse(byte[] segment) {
            List<BatchSpan> spans = new ArrayList<>();
            int start = 0;
            for (MutableRecordBatch b :
                    MemoryRecords.readableRecords(ByteBuffer.wrap(segment)).batches()) {
                spans.add(new BatchSpan(
                        start, start + b.sizeInBytes(), b.baseOffset(), b.lastOffset(), b.maxTimestamp()));
                start += b.sizeInBytes();
            }
            return spans;
        }
    }

    private List<String> truncationWarnings() {
        return loaderLog.warnings().stream()
                .filter(w -> w.startsWith("recovery truncated"))
                .toList();
    }

    private PartitionLog open(Path path, Map<String, String> properties) {
        Map<String, String> withoutPreallocation = new java.util.HashMap<>(properties);
        withoutPreallocation.putIfAbsent("preallocate", "false");
        return PartitionLog.open(path, LogConfig.fromProperties(withoutPreallocation), fixture.flusher, fixture.clock);
    }

    private static String name(long base, String suffix) {
        return String.format("%020d%s", base, suffix);
    }

    private static long baseOffsetOf(String fileName) {
        return Long.parseLong(fileName.substring(0, 20));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
