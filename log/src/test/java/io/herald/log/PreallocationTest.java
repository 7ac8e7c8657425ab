package io.herald.log;

import static io.herald.log.TestBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.log.TestBatches.ReadRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.record.internal.FileRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preallocate}: the active segment's file runs ahead of its batches with zeros, a roll and a clean close cut
 * them, and a crash that leaves them loses nothing and reports nothing, while a torn batch written into them is still
 * cut with a warning.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PreallocationTest {
    private static final String FIRST_SEGMENT = "00000000000000000000.log";
    private static final int MAX_BYTES = 1 << 20;

    @TempDir
    Path dir;

    LogFixture fixture;
    LogCapture loaderLog;

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(dir.resolve("log"));
        loaderLog = LogCapture.of(LogLoader.class);
    }

    @AfterEach
    void tearDown() {
        loaderLog.close();
        fixture.close();
    }

    @Test
    void theActiveSegmentRunsOneStepAheadOfItsBatchesAndACleanCloseCutsTheZeros() throws IOException {
        List<ReadRecord> written;
        try (PartitionLog log = fixture.open()) {
            appendDurable(log, 3);
            assertThat(Files.size(fixture.dir.resolve(FIRST_SEGMENT)))
                    .as("one step of sparse space, the default segment.bytes being larger")
                    .isEqualTo(LogConfig.PREALLOCATION_STEP_BYTES);
            written = readAll(log, 0, MAX_BYTES);
        }

        assertThat(Files.size(fixture.dir.resolve(FIRST_SEGMENT))).isEqualTo(batchBytes(FIRST_SEGMENT));
        try (FileRecords records =
                FileRecords.open(fixture.dir.resolve(FIRST_SEGMENT).toFile())) {
            assertThat(records.sizeInBytes()).isEqualTo(batchBytes(FIRST_SEGMENT));
        }
        try (PartitionLog reopened = fixture.open()) {
            assertThat(readAll(reopened, 0, MAX_BYTES)).isEqualTo(written);
        }
        assertThat(loaderLog.warnings()).isEmpty();
    }

    @Test
    void withoutPreallocationTheFileHoldsItsBatchesOnly() throws IOException {
        try (PartitionLog log = fixture.open(Map.of("preallocate", "false"))) {
            appendDurable(log, 3);
            assertThat(Files.size(fixture.dir.resolve(FIRST_SEGMENT))).isEqualTo(batchBytes(FIRST_SEGMENT));
        }
    }

    @Test
    void stepsStopAtSegmentBytesAndARollCutsTheRolledSegment() throws IOException {
        try (PartitionLog log = fixture.open(Map.of("internal.segment.bytes", "1024"))) {
            appendDurable(log, 2);
            assertThat(Files.size(fixture.dir.resolve(FIRST_SEGMENT))).isEqualTo(1024);

            log.roll();

            assertThat(Files.size(fixture.dir.resolve(FIRST_SEGMENT))).isEqualTo(batchBytes(FIRST_SEGMENT));
            appendDurable(log, 1);
            assertThat(Files.size(fixture.dir.resolve("00000000000000000002.log")))
                    .isEqualTo(1024);
        }
    }

    @Test
    void aCrashThatLeavesThePreallocatedZerosLosesNothingAndWarnsOfNothing() throws IOException {
        CrashImage image;
        List<ReadRecord> acknowledged;
        try (PartitionLog log = fixture.open()) {
            appendDurable(log, 5);
            acknowledged = readAll(log, 0, MAX_BYTES);
            image = CrashImage.of(fixture.dir);
        }
        assertThat(image.file(FIRST_SEGMENT)).hasSize(LogConfig.PREALLOCATION_STEP_BYTES);
        Path crashed = image.writeTo(dir.resolve("crashed"));

        try (PartitionLog log = open(crashed)) {
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(acknowledged);
            assertThat(log.logEndOffset()).isEqualTo(5);
            assertThat(loaderLog.warnings()).isEmpty();
            assertThat(Files.size(crashed.resolve(FIRST_SEGMENT))).isEqualTo(batchBytes(image, FIRST_SEGMENT));

            log.append(TestBatches.batch(LogFixture.START_MS, "after"))
                    .durable()
                    .join();
            assertThat(readAll(log, 5, MAX_BYTES)).extracting(ReadRecord::value).containsExactly("after");
        }
    }

    @Test
    void aTornBatchWrittenIntoPreallocatedSpaceIsCutWithAWarning() throws IOException {
        CrashImage image;
        List<ReadRecord> acknowledged;
        try (PartitionLog log = fixture.open()) {
            appendDurable(log, 4);
            acknowledged = readAll(log, 0, MAX_BYTES);
            log.append(TestBatches.batch(LogFixture.START_MS, "torn")).durable().join();
            image = CrashImage.of(fixture.dir);
        }
        byte[] segment = image.file(FIRST_SEGMENT);
        int end = batchBytes(image, FIRST_SEGMENT);
        int tornAt = endOfFirstBatches(segment, 4);
        byte[] torn = segment.clone();
        // The last batch reached the file only in part: its first 30 bytes, zeros after them as preallocated.
        java.util.Arrays.fill(torn, tornAt + 30, end, (byte) 0);
        Path crashed = image.with(FIRST_SEGMENT, torn).writeTo(dir.resolve("torn"));

        try (PartitionLog log = open(crashed)) {
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(acknowledged);
            assertThat(log.logEndOffset()).isEqualTo(4);
        }
        assertThat(loaderLog.warnings())
                .singleElement()
                .asString()
                .contains("recovery truncated", "at byte position " + tornAt);
    }

    @Test
    void aRolledSegmentWhoseCutDidNotReachTheDiskOpensWhenItsIndexesMustBeRebuilt() throws IOException {
        List<ReadRecord> written;
        try (PartitionLog log = fixture.open(Map.of("internal.segment.bytes", "1024"))) {
            appendDurable(log, 2);
            log.roll();
            appendDurable(log, 2);
            written = readAll(log, 0, MAX_BYTES);
        }
        // A crash between the roll's cut and the disk seeing it leaves the rolled segment long: zeros after its
        // batches.
        Path rolled = fixture.dir.resolve(FIRST_SEGMENT);
        try (FileChannel ch = FileChannel.open(rolled, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), 1023);
        }
        Files.delete(fixture.dir.resolve("00000000000000000000.index"));

        try (PartitionLog log = fixture.open(Map.of("internal.segment.bytes", "1024"))) {
            assertThat(readAll(log, 0, MAX_BYTES)).isEqualTo(written);
        }
        assertThat(Files.size(rolled)).isEqualTo(batchBytes(FIRST_SEGMENT));
    }

    private PartitionLog open(Path logDir) {
        return PartitionLog.open(logDir, LogConfig.DEFAULTS, fixture.flusher, fixture.clock);
    }

    private static void appendDurable(PartitionLog log, int batches) {
        for (int i = 0; i < batches; i++) {
            log.append(TestBatches.batch(LogFixture.START_MS + i, "value-" + i))
                    .durable()
                    .join();
        }
    }

    private int batchBytes(String segment) throws IOException {
        return endOfFirstBatches(Files.readAllBytes(fixture.dir.resolve(segment)), Integer.MAX_VALUE);
    }

    private static int batchBytes(CrashImage image, String segment) {
        return endOfFirstBatches(image.file(segment), Integer.MAX_VALUE);
    }

    /** Where the first {@code count} batches end, or all of them, read from their length fields. */
    private static int endOfFirstBatches(byte[] segment, int count) {
        ByteBuffer buffer = ByteBuffer.wrap(segment);
        List<Integer> ends = new ArrayList<>();
        int position = 0;
        while (ends.size() < count && position + 12 <= segment.length && buffer.getInt(position + 8) > 0) {
            position += 12 + buffer.getInt(position + 8);
            ends.add(position);
        }
        return position;
    }
}
