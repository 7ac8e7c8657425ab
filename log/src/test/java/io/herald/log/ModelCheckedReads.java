package io.herald.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.log.LogModel.Batch;
import io.herald.log.LogModel.Rec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from a {@link PartitionLog}, parsed with kafka-clients and checked against a {@link LogModel}. Stateless but
 * for the model it reads against; the log is passed in, since a restart replaces it.
 */
final class ModelCheckedReads {
    private final LogModel model;

    ModelCheckedReads(LogModel model) {
        this.model = model;
    }

    /** One batch as a read returned it, parsed and CRC-checked by kafka-clients, with records as the model holds them. */
    record ReadBatch(long baseOffset, long lastOffset, int sizeBytes, long producerId, List<Rec> records) {}

    /**
     * Reads at {@code offset} and checks the answer: whole batches only, at least one below the high watermark, the
     * first one holding {@code offset} or the first after it, as many as fit in {@code maxBytes} (only one if it alone is
     * larger), none at or past the high watermark, and exactly the model's records.
     */
    List<ReadBatch> checkRead(PartitionLog log, long offset, int maxBytes) throws IOException {
        LogReadResult result = log.read(offset, maxBytes);
        String what = "read(" + offset + ", " + maxBytes + ")";
        assertThat(result.logStartOffset()).as(what + " log start").isEqualTo(model.logStartOffset);
        assertThat(result.logEndOffset()).as(what + " log end").isEqualTo(model.logEndOffset);
        long hw = result.highWatermark();
        assertThat(hw).as(what + " high watermark").isBetween(model.acknowledgedEnd, model.logEndOffset);
        List<ReadBatch> got = parse(result);
        if (offset >= hw) {
            assertThat(result.regions()).as(what + " at the high watermark").isEmpty();
            return got;
        }
        assertThat(got).as(what + " below the high watermark %d", hw).isNotEmpty();
        assertThat(got.getFirst().lastOffset()).as(what + " first batch ends").isGreaterThanOrEqualTo(offset);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i).baseOffset())
                    .as(what + " batch order")
                    .isGreaterThan(got.get(i - 1).lastOffset());
        }
        ReadBatch last = got.getLast();
        assertThat(last.lastOffset())
                .as(what + " last batch below the high watermark")
                .isLessThan(hw);
        for (ReadBatch b : got) {
            Batch appended = model.batches.get(b.baseOffset());
            assertThat(appended)
                    .as(what + " batch at %d was appended", b.baseOffset())
                    .isNotNull();
            assertThat(b.lastOffset())
                    .as(what + " batch at %d keeps its last offset", b.baseOffset())
                    .isEqualTo(appended.lastOffset());
            for (Rec rec : b.records()) {
                assertThat(rec).as(what + " record at %d", rec.offset()).isEqualTo(model.records.get(rec.offset()));
            }
        }
        int size = result.sizeInBytes();
        if (size > maxBytes)
            assertThat(got).as(what + " over maxBytes holds one batch").hasSize(1);
        long from = Math.max(offset, model.logStartOffset);
        List<Rec> returned = got.stream()
                .flatMap(b -> b.records().stream())
                .filter(rec -> rec.offset() >= from)
                .toList();
        assertThat(returned).as(what + " records").isEqualTo(model.recordsBetween(from, last.lastOffset()));
        if (size < maxBytes && last.lastOffset() + 1 < hw) {
            List<ReadBatch> next = parse(log.read(last.lastOffset() + 1, 1));
            assertThat(size + next.getFirst().sizeBytes())
                    .as(what + " stopped at %d bytes although the next batch fits", size)
                    .isGreaterThan(maxBytes);
        }
        return got;
    }

    static List<ReadBatch> parse(LogReadResult result) {
        return TestBatches.batches(result).stream()
                .map(b -> new ReadBatch(
                        b.baseOffset(),
                        b.lastOffset(),
                        b.sizeInBytes(),
                        b.producerId(),
                        b.records().stream()
                                .map(r -> new Rec(r.offset(), r.key(), r.value(), r.timestamp()))
                                .toList()))
                .toList();
    }

    /** Reads from the log start offset to the high watermark, checking every read. */
    List<ReadBatch> checkAllReads(PartitionLog log) throws IOException {
        List<ReadBatch> all = new ArrayList<>();
        long next = model.logStartOffset;
        while (true) {
            List<ReadBatch> got = checkRead(log, next, 1 << 20);
            if (got.isEmpty()) return all;
            all.addAll(got);
            next = got.getLast().lastOffset() + 1;
        }
    }

    /** Reads everything from the log start offset without checking records against the model. */
    List<ReadBatch> readAllUnchecked(PartitionLog log) throws IOException {
        List<ReadBatch> all = new ArrayList<>();
        long next = model.logStartOffset;
        while (next < log.highWatermark()) {
            List<ReadBatch> got = parse(log.read(next, 1 << 20));
            assertThat(got).as("read at %d below the high watermark", next).isNotEmpty();
            all.addAll(got);
            next = got.getLast().lastOffset() + 1;
        }
        return all;
    }
}
