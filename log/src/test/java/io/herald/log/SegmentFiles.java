package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;

/**
 * Reads a closed log directory with kafka-clients' {@link FileRecords} and checks the {@code .index} and
 * {@code .timeindex} files against Kafka's layout: offset index entries are 8 bytes (relative offset i32, position
 * i32), time index entries 12 bytes (timestamp i64, relative offset i32), both big-endian.
 */
final class SegmentFiles {
    private SegmentFiles() {}

    /** One batch as kafka-clients sees it in a segment file. */
    record BatchAt(int position, long baseOffset, long lastOffset, long maxTimestamp) {}

    record OffsetEntry(int relativeOffset, int position) {}

    record TimeEntry(long timestamp, int relativeOffset) {}

    /** The base offsets of the live segments ({@code <20 digits>.log}), in order. */
    static List<Long> segmentBases(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{20}\\.log"))
                    .map(n -> Long.parseLong(n.substring(0, 20)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(Path dir, long base, String suffix) {
        return dir.resolve(String.format("%020d%s", base, suffix));
    }

    /** Every batch of a segment file, each checked with {@code ensureValid} (size, magic, CRC32C). */
    static List<BatchAt> batches(Path logFile) {
        List<BatchAt> out = new ArrayList<>();
        try (FileRecords records = FileRecords.open(logFile.toFile())) {
            for (FileChannelRecordBatch batch : records.batches()) {
                batch.ensureValid();
                out.add(new BatchAt(batch.position(), batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<OffsetEntry> offsetIndex(Path file) {
        ByteBuffer bytes = readAll(file);
        assertThat(bytes.remaining() % 8)
                .as("%s holds whole 8-byte entries", file)
                .isZero();
        List<OffsetEntry> out = new ArrayList<>();
        while (bytes.hasRemaining()) out.add(new OffsetEntry(bytes.getInt(), bytes.getInt()));
        return out;
    }

    static List<TimeEntry> timeIndex(Path file) {
        ByteBuffer bytes = readAll(file);
        assertThat(bytes.remaining() % 12)
                .as("%s holds whole 12-byte entries", file)
                .isZero();
        List<TimeEntry> out = new ArrayList<>();
        while (bytes.hasRemaining()) out.add(new TimeEntry(bytes.getLong(), bytes.getInt()));
        return out;
    }

    /**
     * Checks both indexes of every live segment the way Kafka's {@code DumpLogSegments --verify-index-only} does: an
     * offset index entry names the last offset of the batch that starts at its position; a time index entry names the
     * last offset of a batch, and its timestamp is the largest batch max timestamp up to and including that batch.
     * Entries increase strictly. Returns the number of entries checked, so callers can make sure there were some.
     */
    static int verifyIndexes(Path dir) {
        int checked = 0;
        for (long base : segmentBases(dir)) {
            List<BatchAt> batches = batches(file(dir, base, ".log"));
            Map<Integer, BatchAt> byPosition = new HashMap<>();
            Map<Long, Long> maxTimestampUpTo = new HashMap<>();
            long max = -1;
            for (BatchAt b : batches) {
                byPosition.put(b.position(), b);
                max = Math.max(max, b.maxTimestamp());
                maxTimestampUpTo.put(b.lastOffset(), max);
            }
            OffsetEntry previous = null;
            for (OffsetEntry e : offsetIndex(file(dir, base, ".index"))) {
                BatchAt at = byPosition.get(e.position());
                assertThat(at)
                        .as("offset index entry %s of segment %d is at a batch start", e, base)
                        .isNotNull();
                assertThat(at.lastOffset())
                        .as("offset index entry %s of segment %d", e, base)
                        .isEqualTo(base + e.relativeOffset());
                if (previous != null) {
                    assertThat(e.relativeOffset()).isGreaterThan(previous.relativeOffset());
                    assertThat(e.position()).isGreaterThan(previous.position());
                }
                previous = e;
                checked++;
            }
            TimeEntry previousTime = null;
            List<TimeEntry> times = timeIndex(file(dir, base, ".timeindex"));
            if (!batches.isEmpty())
                assertThat(times).as("time index of non-empty segment %d", base).isNotEmpty();
            for (TimeEntry e : times) {
                Long maxUpTo = maxTimestampUpTo.get(base + e.relativeOffset());
                assertThat(maxUpTo)
                        .as("time index entry %s of segment %d names a batch's last offset", e, base)
                        .isNotNull();
                assertThat(e.timestamp())
                        .as("time index entry %s of segment %d", e, base)
                        .isEqualTo(maxUpTo);
                if (previousTime != null) {
                    assertThat(e.timestamp()).isGreaterThan(previousTime.timestamp());
                    assertThat(e.relativeOffset()).isGreaterThanOrEqualTo(previousTime.relativeOffset());
                }
                previousTime = e;
                checked++;
            }
        }
        return checked;
    }

    private static ByteBuffer readAll(Path file) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
