package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.runner.RunnerSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CepPropertiesTest {
    @Test
    void noCepPropertiesGiveTheDefaults() {
        CepProperties properties = CepProperties.from(Map.of("log.retention.ms", "60000"));

        assertThat(properties).isEqualTo(CepProperties.DEFAULT);
        assertThat(properties.checkpointTopic()).isEqualTo("_herald_cep_checkpoints");
        assertThat(properties.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.restartBackoff()).isEqualTo(RestartBackoff.DEFAULT);
    }

    @Test
    void everyPropertyIsRead() {
        CepProperties properties = CepProperties.from(Map.of(
                "cep.checkpoint.topic", "my.checkpoints",
                "cep.checkpoint.interval.ms", "5000",
                "cep.restart.backoff.initial.ms", "250",
                "cep.restart.backoff.max.ms", "4000"));

        assertThat(properties.checkpointTopic()).isEqualTo("my.checkpoints");
        assertThat(properties.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.restartBackoff().initialDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(properties.restartBackoff().maxDelay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.restartBackoff().jitter()).isEqualTo(RestartBackoff.DEFAULT.jitter());
    }

    @Test
    void aZeroIntervalTurnsCheckpointsOff() {
        RunnerSettings settings = CepProperties.from(Map.of("cep.checkpoint.interval.ms", "0"))
                .applyTo(RunnerSettings.of("127.0.0.1:9092"));

        assertThat(settings.checkpointsOn()).isFalse();
    }

    @Test
    void theTopicAndIntervalReachTheRunnerSettings() {
        RunnerSettings settings = CepProperties.from(
                        Map.of("cep.checkpoint.topic", "elsewhere", "cep.checkpoint.interval.ms", "750"))
                .applyTo(RunnerSettings.of("127.0.0.1:9092"));

        assertThat(settings.checkpointTopic()).isEqualTo("elsewhere");
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void aNegativeIntervalIsRefusedNamingThePropertyTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.checkpoint.interval.ms", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cep.checkpoint.interval.ms must be a whole number of milliseconds >= 0 (0 turns"
                        + " checkpoints off), was '-1'");
    }

    @Test
    void anIntervalThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.checkpoint.interval.ms", "10s")))
                .hasMessageStartingWith("cep.checkpoint.interval.ms must be a whole number of milliseconds")
                .hasMessageEndingWith("was '10s'");
    }

    @Test
    void anEmptyTopicIsRefused() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.checkpoint.topic", "")))
                .hasMessage("cep.checkpoint.topic must be a topic name (1 to 249 letters, digits, '.', '_' or '-'),"
                        + " was ''");
    }

    @Test
    void aTopicWithCharactersKafkaRefusesIsRefused() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.checkpoint.topic", "my checkpoints")))
                .hasMessageContaining("cep.checkpoint.topic must be a topic name")
                .hasMessageEndingWith("was 'my checkpoints'");
    }

    @Test
    void aZeroInitialBackoffIsRefused() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.restart.backoff.initial.ms", "0")))
                .hasMessage("cep.restart.backoff.initial.ms must be a whole number of milliseconds >= 1, was '0'");
    }

    @Test
    void aMaxBackoffBelowTheInitialOneIsRefused() {
        assertThatThrownBy(() -> CepProperties.from(
                        Map.of("cep.restart.backoff.initial.ms", "5000", "cep.restart.backoff.max.ms", "2000")))
                .hasMessage("cep.restart.backoff.max.ms must be >= cep.restart.backoff.initial.ms (5000), was '2000'");
    }

    @Test
    void aMisspelledCepPropertyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> CepProperties.from(Map.of("cep.checkpoint.intervall.ms", "5000")))
                .hasMessage("cep.checkpoint.intervall.ms is not a CEP property; the CEP properties are"
                        + " [cep.checkpoint.interval.ms, cep.checkpoint.topic, cep.restart.backoff.initial.ms,"
                        + " cep.restart.backoff.max.ms]; check the spelling");
    }
}
