package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    /**
     * Against a model: after any interleaving of dispatches (increasing offsets with gaps, as compaction or skipped
     * types leave) and finishes in any order, the committable offset is the lowest unfinished offset, or the next offset
     * when none is; and it never passes an unfinished offset nor goes backwards.
     */
    @Property(tries = 300)
    void committableOffsetIsTheLowestUnfinished(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 3) Integer> gaps,
            @ForAll @Size(max = 120) List<@IntRange(min = 0, max = 1000) Integer> actions) {
        PartitionProgress progress = new PartitionProgress();
        TreeSet<Long> unfinished = new TreeSet<>();
        List<Long> dispatchedOffsets = new ArrayList<>();
        long next = 0;
        int gapIndex = 0;
        long previousCommittable = -1;
        for (int action : actions) {
            boolean dispatch = action % 2 == 0 || unfinished.isEmpty();
            if (dispatch && gapIndex < gaps.size()) {
                long offset = next + gaps.get(gapIndex++);
                progress.dispatched(offset);
                unfinished.add(offset);
                dispatchedOffsets.add(offset);
                next = offset + 1;
            } else if (!unfinished.isEmpty()) {
                long offset = new ArrayList<>(unfinished).get(action % unfinished.size());
                progress.finished(offset);
                unfinished.remove(offset);
            }
            long committable = progress.committableOffset();
            long expected = dispatchedOffsets.isEmpty() ? -1 : unfinished.isEmpty() ? next : unfinished.first();
            assertThat(committable).isEqualTo(expected);
            assertThat(committable).isGreaterThanOrEqualTo(previousCommittable);
            assertThat(progress.inFlight()).isEqualTo(unfinished.size());
            previousCommittable = committable;
        }
    }

    /**
     * The same model with more events in flight than the ring's first capacity (so it grows while its head is
     * anywhere), finishes of offsets that are not in flight (never dispatched, or finished already) mixed in, which
     * change nothing.
     */
    @Property(tries = 100)
    void theRingGrowsAndIgnoresOffsetsNotInFlight(
            @ForAll @Size(min = 100, max = 600) List<@IntRange(min = 0, max = 2) Integer> gaps,
            @ForAll @Size(max = 1500) List<@IntRange(min = 0, max = 10_000) Integer> actions) {
        PartitionProgress progress = new PartitionProgress();
        TreeSet<Long> unfinished = new TreeSet<>();
        long next = 0;
        int gapIndex = 0;
        for (int action : actions) {
            int kind = action % 5;
            if ((kind <= 1 || unfinished.isEmpty()) && gapIndex < gaps.size()) {
                long offset = next + gaps.get(gapIndex++);
                progress.dispatched(offset);
                unfinished.add(offset);
                next = offset + 1;
            } else if (kind == 2 && !unfinished.isEmpty()) {
                long offset = unfinished.first(); // the head, which moves it
                progress.finished(offset);
                unfinished.remove(offset);
            } else if (kind == 3 && !unfinished.isEmpty()) {
                long offset = new ArrayList<>(unfinished).get(action % unfinished.size());
                progress.finished(offset);
                unfinished.remove(offset);
            } else {
                progress.finished(action % (next + 2)); // in flight or not: the model decides
                unfinished.remove((long) (action % (next + 2)));
            }
            long expected = gapIndex == 0 ? -1 : unfinished.isEmpty() ? next : unfinished.first();
            assertThat(progress.committableOffset()).isEqualTo(expected);
            assertThat(progress.inFlight()).isEqualTo(unfinished.size());
        }
    }

    @Test
    void aSecondFinishOfAnOffsetChangesNothing() {
        PartitionProgress progress = new PartitionProgress();
        progress.dispatched(3);
        progress.dispatched(4);
        progress.finished(4);
        progress.finished(4);
        progress.finished(7);

        assertThat(progress.inFlight()).isEqualTo(1);
        assertThat(progress.committableOffset()).isEqualTo(3);
    }

    @Test
    void offsetsMustIncrease() {
        PartitionProgress progress = new PartitionProgress();
        progress.dispatched(5);

        assertThatThrownBy(() -> progress.dispatched(5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("offset 5 dispatched after 5");
    }

    @Test
    void awaitIdleReturnsWhenTheLastEventFinishes() throws Exception {
        PartitionProgress progress = new PartitionProgress();
        progress.dispatched(0);
        Thread.ofVirtual().start(() -> progress.finished(0));

        assertThat(progress.awaitIdle(System.nanoTime() + 10_000_000_000L)).isTrue();
    }

    @Test
    void awaitIdleGivesUpAtTheDeadline() throws Exception {
        PartitionProgress progress = new PartitionProgress();
        progress.dispatched(0);

        assertThat(progress.awaitIdle(System.nanoTime())).isFalse();
    }
}
