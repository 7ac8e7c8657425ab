package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.tools.DumpLogSegments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Kafka's own {@code kafka-dump-log} ({@link DumpLogSegments} from kafka-tools) on segments Herald wrote: every
 * batch must be reported valid with the offsets the log assigned, and the index checks Kafka operators run must find
 * nothing wrong.
 */
class KafkaDumpLogTest {
    private static final Pattern BATCH = Pattern.compile("baseOffset: (\\d+) lastOffset: (\\d+) count: (\\d+)");
    private static final Map<String, String> SMALL_SEGMENTS =
            Map.of("internal.segment.bytes", "1024", "index.interval.bytes", "200", "flush.policy", "interval");

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

    @Test
    void kafkaDumpLogReadsEveryBatchOfEverySegmentAsValid() throws IOException {
        List<long[]> appended = writeSegments();

        List<long[]> dumped = new ArrayList<>();
        for (long base : SegmentFiles.segmentBases(dir)) {
            String out = dumpLog("--files", SegmentFiles.file(dir, base, ".log").toString(), "--deep-iteration");
            Matcher m = BATCH.matcher(out);
            while (m.find()) {
                dumped.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
            assertThat(out).contains("isvalid: true").doesNotContain("isvalid: false");
        }

        assertThat(dumped).hasSameSizeAs(appended);
        for (int i = 0; i < appended.size(); i++) {
            assertThat(dumped.get(i)).as("batch %d", i).containsExactly(appended.get(i));
        }
    }

    @Test
    void kafkaDumpLogFindsNothingWrongInTheIndexes() throws IOException {
        writeSegments();

        for (long base : SegmentFiles.segmentBases(dir)) {
            for (String suffix : List.of(".index", ".timeindex")) {
                String file = SegmentFiles.file(dir, base, suffix).toString();
                String verify = dumpLog("--files", file, "--verify-index-only");
                String sanity = dumpLog("--files", file, "--index-sanity-check");

                assertThat(verify).as(file).doesNotContainIgnoringCase("mismatch");
                assertThat(sanity).as(file).contains("passed sanity check");
            }
        }
    }

    /** Several segments of keyed batches in two codecs; returns each batch's base and last offset. */
    private List<long[]> writeSegments() {
        List<long[]> offsets = new ArrayList<>();
        try (PartitionLog log = fixture.open(SMALL_SEGMENTS)) {
            for (int i = 0; i < 40; i++) {
                List<TestBatches.KV> records = new ArrayList<>();
                for (int r = 0; r <= i % 3; r++) {
                    records.add(new TestBatches.KV("key-" + (i % 7), "value-" + i + "-" + r, fixture.clock.millis()));
                }
                Compression codec =
                        i % 2 == 0 ? Compression.NONE : Compression.gzip().build();
                AppendResult result = log.append(TestBatches.batch(codec, records));
                offsets.add(new long[] {result.baseOffset(), result.lastOffset()});
                fixture.clock.advance(10);
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
        }
        return offsets;
    }

    /** Runs kafka-dump-log in this JVM and returns what it printed. */
    private static String dumpLog(String... args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            DumpLogSegments.main(args);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
