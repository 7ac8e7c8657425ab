package io.herald.broker.producer;

import io.herald.log.AppendResult;
import io.herald.log.FlushScheduler;
import io.herald.log.LogConfig;
import io.herald.log.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * A real {@link PartitionLog} in a directory with the producer state table beside it, driven the way the produce path
 * drives them: check, append, record. {@link #restart} closes the log, reopens it and reloads the table.
 */
final class ProducingPartition implements AutoCloseable {
    static final long EXPIRATION_MS = 24L * 60 * 60 * 1000;

    final Path dir;
    private Clock clock;
    private FlushScheduler flusher;
    PartitionLog log;
    ProducerStateTable table;

    ProducingPartition(Path dir, long nowMs) {
        this.dir = dir;
        this.clock = Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        this.flusher = new FlushScheduler(clock);
        this.log = PartitionLog.open(dir, LogConfig.DEFAULTS, flusher, clock);
        this.table = new ProducerStateTable(EXPIRATION_MS);
    }

    static ByteBuffer idempotentBatch(long producerId, int epoch, int baseSequence, int records, long timestampMs) {
        SimpleRecord[] values = new SimpleRecord[records];
        for (int i = 0; i < records; i++) values[i] = new SimpleRecord(timestampMs, ("v" + i).getBytes());
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) epoch, baseSequence, values)
                .buffer();
    }

    /** Produces a batch of {@code records} records stamped with the clock's time; returns what the check said. */
    SequenceCheck produce(long producerId, int epoch, int baseSequence, int records) {
        ByteBuffer bytes = idempotentBatch(producerId, epoch, baseSequence, records, clock.millis());
        ProducerBatch batch = ProducerBatch.fromHeader(bytes);
        SequenceCheck check = table.check(batch);
        if (check instanceof SequenceCheck.Accept) {
            AppendResult appended = log.append(bytes);
            appended.durable().join();
            table.onAppended(batch, appended.baseOffset(), appended.lastOffset(), clock.millis());
        }
        return check;
    }

    void snapshot() throws IOException {
        table.writeSnapshot(dir, log.logEndOffset());
    }

    /** Closes the log cleanly, moves the clock to {@code nowMs}, reopens the log and loads the table from disk. */
    void restart(long nowMs) throws IOException {
        closeLog();
        clock = Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        flusher = new FlushScheduler(clock);
        log = PartitionLog.open(dir, LogConfig.DEFAULTS, flusher, clock);
        table = ProducerStateLoader.load(dir, log, EXPIRATION_MS, clock);
    }

    void restart() throws IOException {
        restart(clock.millis());
    }

    private void closeLog() {
        log.close();
        flusher.close();
    }

    @Override
    public void close() {
        closeLog();
    }
}
