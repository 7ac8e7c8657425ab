package io.herald.cep.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WatermarkTrackerTest {
    @Test
    void watermarkIsTheSlowestPartitionMinusTheLag() {
        WatermarkTracker tracker = new WatermarkTracker(5, 1000);
        tracker.onEvent("t", 0, 100, 0);
        tracker.onEvent("t", 1, 40, 0);

        assertThat(tracker.watermarkMs(0)).isEqualTo(35);
    }

    @Test
    void assignedSilentPartitionHoldsTheWatermarkUntilItIsIdle() {
        WatermarkTracker tracker = new WatermarkTracker(0, 1000);
        tracker.assign("t", 1, 0);
        tracker.onEvent("t", 0, 100, 0);

        long held = tracker.watermarkMs(999);
        long released = tracker.watermarkMs(1000);

        assertThat(held).isEqualTo(Long.MIN_VALUE);
        assertThat(released).isEqualTo(100);
    }

    @Test
    void watermarkNeverGoesBack() {
        WatermarkTracker tracker = new WatermarkTracker(0, 10);
        tracker.onEvent("t", 0, 100, 0);
        tracker.watermarkMs(0);
        tracker.onEvent("t", 1, 20, 50);

        assertThat(tracker.watermarkMs(50)).isEqualTo(100);
    }
}
