package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes logs with {@link PartitionLog}, closes them, and reads the files with code Herald did not write:
 * kafka-clients' {@link FileRecords} for the {@code .log} files (every batch valid, offsets, timestamps, keys, values
 * and headers as appended), and Kafka's {@code LogSegment.append} indexing rule for the {@code .index} and
 * {@code .timeindex} files, compared byte for byte.
 */
class KafkaFormatCompatibilityTest {
    private static final int INDEX_INTERVAL_BYTES = 150;
    private static final Map<String, String> SMALL_SEGMENTS = Map.of(
            "internal.segment.bytes", "1024",
            "index.interval.bytes", String.valueOf(INDEX_INTERVAL_BYTES),
            "flush.policy", "interval");
    private static final List<Compression> CODECS = List.of(
            Compression.NONE,
            Compression.gzip().build(),
            Compression.lz4().build(),
            Compression.snappy().build(),
            Compression.zstd().build());

    @TempDir
    Path dir;

    LogFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** One record as a producer sent it; a null value is a tombstone. */
    record Sent(String key, String value, long timestamp, List<Header> headers) {}

    /** One appended batch: what was sent, its codec, and the offsets and log append time the log gave it. */
    record Appended(
            CompressionType compression, List<Sent> records, long baseOffset, long lastOffset, long appendTime) {}

    /** A batch read from a segment file, at its position, loaded whole so it outlives the file. */
    record Parsed(int position, DefaultRecordBatch batch) {}

    @Test
    void createTimeSegmentsParseWithKafkaFileRecords() throws IOException {
        List<Appended> appended;
        try (PartitionLog log = fixture.open(SMALL_SEGMENTS)) {
            appended = appendMixedBatches(log, 25);
        }

        List<Parsed> parsed = parseAllSegments(dir);

        assertThat(SegmentFiles.segmentBases(dir)).hasSizeGreaterThan(3);
        assertMatches(parsed, appended, TimestampType.CREATE_TIME);
    }

    @Test
    void logAppendTimeSegmentsParseWithKafkaFileRecords() throws IOException {
        Map<String, String> props = new HashMap<>(SMALL_SEGMENTS);
        props.put("message.timestamp.type", "LogAppendTime");
        List<Appended> appended;
        try (PartitionLog log = fixture.open(props)) {
            appended = appendMixedBatches(log, 15);
        }

        List<Parsed> parsed = parseAllSegments(dir);

        assertMatches(parsed, appended, TimestampType.LOG_APPEND_TIME);
    }

    @Test
    void indexFilesMatchWhatKafkaWritesForTheSameBatches() throws IOException {
        try (PartitionLog log = fixture.open(SMALL_SEGMENTS)) {
            appendMixedBatches(log, 25);
        }

        for (long base : SegmentFiles.segmentBases(dir)) {
            List<Parsed> batches = parseSegment(SegmentFiles.file(dir, base, ".log"));
            KafkaIndexes expected = kafkaIndexes(batches, base);
            assertThat(Files.readAllBytes(SegmentFiles.file(dir, base, ".index")))
                    .as(".index of segment %d", base)
                    .isEqualTo(expected.offsetIndex());
            assertThat(Files.readAllBytes(SegmentFiles.file(dir, base, ".timeindex")))
                    .as(".timeindex of segment %d", base)
                    .isEqualTo(expected.timeIndex());
        }
        assertThat(SegmentFiles.verifyIndexes(dir)).isGreaterThan(10);
    }

    @Test
    void logAppendTimeIndexFilesMatchWhatKafkaWritesForTheSameBatches() throws IOException {
        Map<String, String> props = new HashMap<>(SMALL_SEGMENTS);
        props.put("message.timestamp.type", "LogAppendTime");
        try (PartitionLog log = fixture.open(props)) {
            appendMixedBatches(log, 15);
        }

        for (long base : SegmentFiles.segmentBases(dir)) {
            KafkaIndexes expected = kafkaIndexes(parseSegment(SegmentFiles.file(dir, base, ".log")), base);
            assertThat(Files.readAllBytes(SegmentFiles.file(dir, base, ".index")))
                    .isEqualTo(expected.offsetIndex());
            assertThat(Files.readAllBytes(SegmentFiles.file(dir, base, ".timeindex")))
                    .isEqualTo(expected.timeIndex());
        }
        assertThat(SegmentFiles.verifyIndexes(dir)).isPositive();
    }

    @Test
    void compactedSegmentsStayValidForKafka() throws IOException {
        Map<String, String> props = new HashMap<>(SMALL_SEGMENTS);
        props.put("cleanup.policy", "compact");
        try (PartitionLog log = fixture.open(props)) {
            appendMixedBatches(log, 25);
            appendMixedBatches(log, 25); // the same keys again, so most of the first round goes
            log.roll();
            log.compact();
        }

        List<Parsed> parsed = parseAllSegments(dir);

        assertThat(parsed).isNotEmpty();
        assertThat(parsed)
                .extracting(p -> p.batch().compressionType())
                .contains(CompressionType.GZIP, CompressionType.LZ4, CompressionType.NONE);
        assertThat(SegmentFiles.verifyIndexes(dir)).isPositive();
    }

    // ---- writing ----

    /**
     * Appends {@code count} batches cycling through every codec, with one to four records each: keyed and keyless,
     * tombstones, headers (none, one, or two with one null value), and CreateTime timestamps that are not in order
     * within a batch. The clock moves between appends so LogAppendTime batches get distinct times.
     */
    private List<Appended> appendMixedBatches(PartitionLog log, int count) {
        List<Appended> appended = new ArrayList<>();
        long t0 = LogFixture.START_MS;
        for (int i = 0; i < count; i++) {
            Compression compression = CODECS.get(i % CODECS.size());
            List<Sent> records = new ArrayList<>();
            for (int j = 0; j <= i % 4; j++) {
                String key = (i + j) % 5 == 0 ? null : "key-" + ((i * 3 + j) % 7);
                String value = key != null && (i + j) % 6 == 0 ? null : "value-" + i + "-" + j;
                List<Header> headers = switch (j % 3) {
                    case 0 -> List.of();
                    case 1 -> List.of(new RecordHeader("trace", bytes("t-" + i)));
                    default -> List.of(new RecordHeader("a", bytes("1")), new RecordHeader("b", null));
                };
                records.add(new Sent(key, value, t0 + i * 100L + (j % 2 == 0 ? j : -j), headers));
            }
            fixture.clock.advance(7);
            AppendResult result = log.append(build(compression, records));
            appended.add(new Appended(
                    compression.type(), records, result.baseOffset(), result.lastOffset(), result.logAppendTimeMs()));
        }
        return appended;
    }

    private static ByteBuffer build(Compression compression, List<Sent> records) {
        MemoryRecordsBuilder builder =
                MemoryRecords.builder(ByteBuffer.allocate(256), compression, TimestampType.CREATE_TIME, 0L);
        for (Sent s : records) {
            builder.append(
                    s.timestamp(), bytes(s.key()), bytes(s.value()), s.headers().toArray(Header[]::new));
        }
        ByteBuffer built = builder.build().buffer();
        return ByteBuffer.allocate(built.remaining()).put(built).flip();
    }

    // ---- reading with kafka-clients ----

    /** Every batch of every live segment, in offset order, after checking each segment file on its own. */
    private static List<Parsed> parseAllSegments(Path dir) throws IOException {
        List<Parsed> all = new ArrayList<>();
        long expectedBase = -1;
        for (long base : SegmentFiles.segmentBases(dir)) {
            List<Parsed> batches = parseSegment(SegmentFiles.file(dir, base, ".log"));
            if (batches.isEmpty()) continue;
            if (expectedBase >= 0) {
                assertThat(base).as("segment base offsets follow on").isGreaterThanOrEqualTo(expectedBase);
            }
            assertThat(batches.getFirst().batch().baseOffset())
                    .as("first batch of segment %d", base)
                    .isGreaterThanOrEqualTo(base);
            expectedBase = batches.getLast().batch().lastOffset() + 1;
            all.addAll(batches);
        }
        return all;
    }

    /**
     * The batches of one {@code .log} file as {@link FileRecords} reads them; each must pass {@code isValid} and
     * {@code ensureValid} both as a file batch and loaded as a {@link DefaultRecordBatch}, and together they must
     * fill the file exactly.
     */
    private static List<Parsed> parseSegment(Path logFile) throws IOException {
        List<Parsed> batches = new ArrayList<>();
        long bytes = 0;
        try (FileRecords records = FileRecords.open(logFile.toFile())) {
            for (FileChannelRecordBatch batch : records.batches()) {
                assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
                assertThat(batch.isValid())
                        .as("batch at %d of %s", batch.position(), logFile)
                        .isTrue();
                batch.ensureValid();
                DefaultRecordBatch loaded = load(batch);
                assertThat(loaded.isValid()).isTrue();
                loaded.ensureValid();
                assertThat(batch.position()).as("batches are back to back").isEqualTo(bytes);
                bytes += batch.sizeInBytes();
                batches.add(new Parsed(batch.position(), loaded));
            }
            assertThat(bytes)
                    .as("%s holds nothing after its last batch", logFile)
                    .isEqualTo(records.sizeInBytes());
        }
        return batches;
    }

    private static DefaultRecordBatch load(FileChannelRecordBatch batch) {
        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
        batch.writeTo(buffer);
        MutableRecordBatch loaded = MemoryRecords.readableRecords(buffer.flip())
                .batches()
                .iterator()
                .next();
        assertThat(loaded).isInstanceOf(DefaultRecordBatch.class);
        return (DefaultRecordBatch) loaded;
    }

    private static void assertMatches(List<Parsed> parsed, List<Appended> appended, TimestampType timestampType) {
        assertThat(parsed).hasSameSizeAs(appended);
        for (int i = 0; i < parsed.size(); i++) {
            DefaultRecordBatch batch = parsed.get(i).batch();
            Appended a = appended.get(i);
            assertThat(batch.baseOffset()).as("base offset of batch %d", i).isEqualTo(a.baseOffset());
            assertThat(batch.lastOffset()).as("last offset of batch %d", i).isEqualTo(a.lastOffset());
            assertThat(batch.countOrNull()).isEqualTo(a.records().size());
            assertThat(batch.compressionType()).isEqualTo(a.compression());
            assertThat(batch.timestampType()).isEqualTo(timestampType);
            assertThat(batch.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
            long maxTimestamp = timestampType == TimestampType.LOG_APPEND_TIME
                    ? a.appendTime()
                    : a.records().stream().mapToLong(Sent::timestamp).max().orElseThrow();
            assertThat(batch.maxTimestamp()).as("max timestamp of batch %d", i).isEqualTo(maxTimestamp);
            int j = 0;
            for (Record r : batch) {
                Sent s = a.records().get(j);
                assertThat(r.offset()).isEqualTo(a.baseOffset() + j);
                assertThat(r.timestamp())
                        .as("timestamp of offset %d", r.offset())
                        .isEqualTo(timestampType == TimestampType.LOG_APPEND_TIME ? a.appendTime() : s.timestamp());
                assertThat(string(r.key())).isEqualTo(s.key());
                assertThat(string(r.value())).isEqualTo(s.value());
                assertThat(r.hasValue()).isEqualTo(s.value() != null);
                assertThat(Arrays.asList(r.headers())).containsExactlyElementsOf(s.headers());
                j++;
            }
            assertThat(j).isEqualTo(a.records().size());
        }
    }

    // ---- Kafka's indexing rule ----

    record KafkaIndexes(byte[] offsetIndex, byte[] timeIndex) {}

    /**
     * The index files Kafka's {@code LogSegment} writes for these batches when each is appended on its own: before
     * appending a batch, if more than {@code index.interval.bytes} were appended since the last entry, add an offset
     * index entry (the batch's last offset relative to the base, the batch's position) and a time index entry (the
     * largest timestamp so far and the last offset of the batch that had it) if that timestamp is larger than the last
     * entry's. When the segment is rolled or closed, add a last time index entry the same way. Big-endian: 4+4 bytes
     * per offset entry, 8+4 per time entry.
     */
    private static KafkaIndexes kafkaIndexes(List<Parsed> batches, long base) {
        ByteBuffer offsets = ByteBuffer.allocate(batches.size() * 8);
        ByteBuffer times = ByteBuffer.allocate((batches.size() + 1) * 12);
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = -1;
        long lastIndexedTimestamp = RecordBatch.NO_TIMESTAMP;
        boolean timeIndexEmpty = true;
        int bytesSinceLastEntry = 0;
        for (Parsed p : batches) {
            DefaultRecordBatch b = p.batch();
            if (b.maxTimestamp() > maxTimestamp) {
                maxTimestamp = b.maxTimestamp();
                offsetOfMaxTimestamp = b.lastOffset();
            }
            if (bytesSinceLastEntry > INDEX_INTERVAL_BYTES) {
                offsets.putInt((int) (b.lastOffset() - base)).putInt(p.position());
                if (timeIndexEmpty || maxTimestamp > lastIndexedTimestamp) {
                    times.putLong(maxTimestamp).putInt((int) (offsetOfMaxTimestamp - base));
                    lastIndexedTimestamp = maxTimestamp;
                    timeIndexEmpty = false;
                }
                bytesSinceLastEntry = 0;
            }
            bytesSinceLastEntry += b.sizeInBytes();
        }
        if (!batches.isEmpty() && (timeIndexEmpty || maxTimestamp > lastIndexedTimestamp)) {
            times.putLong(maxTimestamp).putInt((int) (offsetOfMaxTimestamp - base));
        }
        return new KafkaIndexes(
                Arrays.copyOf(offsets.array(), offsets.position()), Arrays.copyOf(times.array(), times.position()));
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer b) {
        return b == null ? null : StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }
}
