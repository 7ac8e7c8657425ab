package io.herald.broker.topic;

import io.herald.broker.partition.LogReplay;
import io.herald.log.FlushScheduler;
import io.herald.log.LogConfig;
import io.herald.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The broker's own metadata, kept as records in an internal compacted partition log ({@code __herald_metadata-0} in the
 * data directory, never shown to clients): one record per topic, keyed by its name, whose value is a {@link
 * TopicRecord}; deleting a topic writes a tombstone. On start the log is replayed and the last record of each key wins,
 * so recovery is replay, and compaction keeps the log small. Every write waits until it is on disk.
 *
 * <p>Thread-safety: writes are serialised by the registry's lock; the log guards itself.
 */
final class MetadataLog implements AutoCloseable {
    static final String DIR_NAME = "__herald_metadata-0";

    private static final LogConfig CONFIG = LogConfig.fromProperties(Map.of(
            "cleanup.policy", "compact",
            "segment.bytes", Integer.toString(LogConfig.MIN_SEGMENT_BYTES),
            "flush.policy", "always",
            "min.cleanable.dirty.ratio", "0.5"));

    private final PartitionLog log;
    private final Clock clock;

    private MetadataLog(PartitionLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    static MetadataLog open(Path dataDir, FlushScheduler flusher, Clock clock) {
        return new MetadataLog(PartitionLog.open(dataDir.resolve(DIR_NAME), CONFIG, flusher, clock), clock);
    }

    PartitionLog log() {
        return log;
    }

    /** Replays the log: the last record of every topic, tombstoned topics left out, in the order first written. */
    Map<String, TopicRecord> replay() {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        LogReplay.forEachRecord(log, record -> {
            String key = StandardCharsets.UTF_8.decode(record.key()).toString();
            if (record.hasValue()) {
                byte[] value = new byte[record.valueSize()];
                record.value().get(value);
                latest.put(key, value);
            } else {
                latest.remove(key);
            }
        });
        Map<String, TopicRecord> topics = new LinkedHashMap<>();
        latest.forEach((name, value) -> topics.put(name, TopicRecord.parse(name, value)));
        return topics;
    }

    void write(TopicRecord topic) {
        append(new SimpleRecord(clock.millis(), topic.key(), topic.value()));
    }

    void writeDeleted(String name) {
        append(new SimpleRecord(clock.millis(), name.getBytes(StandardCharsets.UTF_8), null));
    }

    private void append(SimpleRecord record) {
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, record).buffer();
        log.append(batch).durable().join();
    }

    @Override
    public void close() {
        log.close();
    }
}
