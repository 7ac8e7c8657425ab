package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReplayPointTest {
    private final TopicPartition p0 = new TopicPartition("in", 0);
    private final TopicPartition p1 = new TopicPartition("in", 1);
    private final ReplayPoint replay = new ReplayPoint();

    private void read(TopicPartition partition, long offset, long eventTimeMs, boolean buffered) {
        if (buffered) {
            replay.buffered(partition, offset, eventTimeMs);
        }
        replay.onEventTime(partition, eventTimeMs);
        replay.advance(partition, offset + 1);
    }

    @Test
    void thePointIsTheOldestBufferedEventOfEachPartitionWithTheLargestEventTimeBeforeIt() {
        replay.start(p0, 10, OptionalLong.of(500));
        replay.start(p1, 20, OptionalLong.empty());
        read(p0, 10, 1_000, true);
        read(p0, 11, 900, true);
        read(p1, 20, 950, true);
        replay.markSafe();

        assertThat(replay.safeOffsets())
                .isEqualTo(Map.of(
                        p0, new OffsetAndMetadata(10, "herald-cep maxEventTimeMs=500"),
                        p1, new OffsetAndMetadata(20, "")));

        // 950 and 900 are processed; 1000 (offset 10) still waits, but offset 11 after it reached the processor: a
        // replay from 10 would apply 11 again without what it was aggregated with, so the point stays
        replay.released(960);
        assertThat(replay.markSafe()).isFalse();
        assertThat(replay.safeOffsets().get(p0)).isEqualTo(new OffsetAndMetadata(10, "herald-cep maxEventTimeMs=500"));
        assertThat(replay.safeOffsets().get(p1)).isEqualTo(new OffsetAndMetadata(20, ""));

        replay.released(1_001);
        assertThat(replay.markSafe()).isTrue();
        assertThat(replay.safeOffsets())
                .isEqualTo(Map.of(
                        p0, new OffsetAndMetadata(12, "herald-cep maxEventTimeMs=1000"),
                        p1, new OffsetAndMetadata(21, "herald-cep maxEventTimeMs=950")));
    }

    @Test
    void aLateEventAfterABufferedOneHoldsThePointBack() {
        replay.start(p0, 0, OptionalLong.empty());
        read(p0, 0, 1_000, true);
        replay.appliedOnArrival(p0, 1);
        read(p0, 1, 100, false);

        assertThat(replay.markSafe()).isFalse();

        read(p0, 2, 2_000, true);
        replay.released(1_500);
        assertThat(replay.markSafe()).isTrue();
        assertThat(replay.safeOffsets().get(p0)).isEqualTo(new OffsetAndMetadata(2, "herald-cep maxEventTimeMs=1000"));
    }

    @Test
    void aPointIsOnlyTakenWhenAsked() {
        replay.start(p0, 0, OptionalLong.empty());
        replay.markSafe();
        read(p0, 0, 100, false);
        read(p0, 1, 200, false);

        assertThat(replay.safeOffsets()).isEqualTo(Map.of(p0, new OffsetAndMetadata(0, "")));
        assertThat(replay.positions()).isEqualTo(Map.of(p0, 2L));
    }

    @Test
    void theMetadataGivesBackTheEventTime() {
        assertThat(ReplayPoint.maxEventTimeMs(new OffsetAndMetadata(3, "herald-cep maxEventTimeMs=-42")))
                .hasValue(-42);
        assertThat(ReplayPoint.maxEventTimeMs(new OffsetAndMetadata(3, ""))).isEmpty();
        assertThat(ReplayPoint.maxEventTimeMs(new OffsetAndMetadata(3, "someone else's")))
                .isEmpty();
    }
}
