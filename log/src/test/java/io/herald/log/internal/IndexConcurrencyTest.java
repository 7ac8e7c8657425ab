package io.herald.log.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Fetches look an index up while the segment's writer appends to it and grows its arrays. Every lookup must answer
 * from a consistent prefix of the entries: never fail, never name a position the prefix does not hold. The writer
 * fills many small indexes, so that the reader meets an array growth often.
 */
class IndexConcurrencyTest {
    private static final int INDEXES = 20_000;
    private static final int ENTRIES = 70; // grows from 16 to 32, 64 and 128

    /** The index being filled and how many of its entries are surely there. */
    private record Progress<I>(I index, int appended) {}

    @Test
    void offsetLookupsDuringAppendsSeeAConsistentPrefix() throws Exception {
        // entry i of every index is (1000 + 10i + 9, 100i)
        AtomicReference<Progress<OffsetIndex>> progress =
                new AtomicReference<>(new Progress<>(new OffsetIndex(1000), 0));
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> wrong = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get() && wrong.isEmpty()) {
                Progress<OffsetIndex> p = progress.get();
                int known = p.appended() - 1;
                try {
                    int tail = p.index().floorPosition(Long.MAX_VALUE / 2);
                    int batch = p.index().floorBatchPosition(Integer.MAX_VALUE);
                    if (known >= 0 && (tail < 100 * known || tail % 100 != 0)) wrong.add("tail lookup gave " + tail);
                    if (known >= 0 && (batch < 100 * known || batch % 100 != 0))
                        wrong.add("batch lookup gave " + batch);
                } catch (RuntimeException e) {
                    wrong.add(e.toString());
                }
            }
        });
        for (int round = 0; round < INDEXES && reader.isAlive(); round++) {
            OffsetIndex index = new OffsetIndex(1000);
            for (int i = 0; i < ENTRIES; i++) {
                index.append(1000 + 10L * i + 9, 100 * i);
                progress.set(new Progress<>(index, i + 1));
            }
        }
        writing.set(false);
        reader.join();

        assertThat(wrong).isEmpty();
    }

    @Test
    void timeLookupsDuringAppendsSeeAConsistentPrefix() throws Exception {
        // entry i of every index is (timestamp 10i + 5, offset 3i)
        AtomicReference<Progress<TimeIndex>> progress = new AtomicReference<>(new Progress<>(new TimeIndex(0), 0));
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> wrong = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (writing.get() && wrong.isEmpty()) {
                Progress<TimeIndex> p = progress.get();
                int known = p.appended() - 1;
                try {
                    long tail = p.index().floorOffsetBefore(Long.MAX_VALUE);
                    if (known >= 0 && (tail < 3L * known || tail % 3 != 0)) wrong.add("tail lookup gave " + tail);
                    if (known >= 0 && p.index().lastOffset() < 3L * known) wrong.add("last offset behind " + known);
                } catch (RuntimeException e) {
                    wrong.add(e.toString());
                }
            }
        });
        for (int round = 0; round < INDEXES && reader.isAlive(); round++) {
            TimeIndex index = new TimeIndex(0);
            for (int i = 0; i < ENTRIES; i++) {
                index.maybeAppend(10L * i + 5, 3L * i);
                progress.set(new Progress<>(index, i + 1));
            }
        }
        writing.set(false);
        reader.join();

        assertThat(wrong).isEmpty();
    }
}
