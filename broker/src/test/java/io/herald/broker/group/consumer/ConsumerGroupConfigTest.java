package io.herald.broker.group.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerGroupConfigTest {

    @Test
    void defaultsAreKafkas() {
        ConsumerGroupConfig config = ConsumerGroupConfig.DEFAULT;

        assertThat(config.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(config.heartbeatIntervalMs()).isEqualTo(5_000);
        assertThat(config.maxSize()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.assignors()).containsExactly("uniform", "range");
        assertThat(config.defaultAssignor()).isEqualTo("uniform");
    }

    @Test
    void kafkasAssignorClassNamesAreAcceptedAsNames() {
        ConsumerGroupConfig config = new ConsumerGroupConfig(
                45_000,
                5_000,
                10,
                List.of(
                        "org.apache.kafka.coordinator.group.assignor.RangeAssignor",
                        "org.apache.kafka.coordinator.group.assignor.UniformAssignor"));

        assertThat(config.assignors()).containsExactly("range", "uniform");
    }

    @Test
    void unknownAssignorIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> new ConsumerGroupConfig(45_000, 5_000, 10, List.of("sticky")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group.consumer.assignors: unknown assignor 'sticky'; Herald has uniform and range (or "
                        + "Kafka's class names for them)");
    }

    @Test
    void heartbeatIntervalMustBeBelowTheSessionTimeout() {
        assertThatThrownBy(() -> new ConsumerGroupConfig(5_000, 5_000, 10, List.of("uniform")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group.consumer.heartbeat.interval.ms must be > 0 and below");
    }
}
