package io.herald.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.schema.RegisteredSchemas;
import io.herald.broker.schema.SchemaIdValidator;
import io.herald.broker.topic.TopicConfig;
import io.herald.log.FlushScheduler;
import io.herald.log.PartitionLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void aRollWritesAProducerStateSnapshotAtTheNewLogEnd() throws IOException {
        Clock clock = Clock.systemUTC();
        TopicConfig config = TopicConfig.of(Map.of(), Map.of());
        try (FlushScheduler flusher = new FlushScheduler(clock)) {
            PartitionLog log = PartitionLog.open(
                    dir, config.logConfig().with(Map.of("internal.segment.bytes", "400")), flusher, clock);
            Partition partition = Partition.open(
                    new TopicPartition("t", 0),
                    log,
                    config,
                    86_400_000,
                    new SchemaIdValidator(new RegisteredSchemas(() -> null)),
                    new AppendSignal(),
                    clock);
            for (int i = 0; i < 6; i++) {
                partition.append(idempotentBatch(i)).durable().join();
            }
            List<String> snapshots = snapshots();
            partition.close();

            assertThat(log.segmentCount()).isGreaterThan(1);
            assertThat(snapshots).isNotEmpty();
        }
    }

    private List<String> snapshots() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".snapshot"))
                    .toList();
        }
    }

    private static java.nio.ByteBuffer idempotentBatch(int sequence) {
        byte[] value = "x".repeat(150).getBytes(StandardCharsets.UTF_8);
        return MemoryRecords.withIdempotentRecords(
                        Compression.NONE,
                        7L,
                        (short) 0,
                        sequence,
                        new SimpleRecord(System.currentTimeMillis(), null, value))
                .buffer();
    }
}
