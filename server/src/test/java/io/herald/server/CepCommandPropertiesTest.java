package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.host.CepProperties;
import io.herald.server.ServerConfig.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CepCommandPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void nothingGivenIsTheDefaults() {
        assertThat(CepCommandProperties.resolve(null, null, Map.of())).isEqualTo(CepProperties.DEFAULT);
    }

    @Test
    void setOverridesTheEnvironmentWhichOverridesTheFile() throws IOException {
        Path file = Files.writeString(
                dir.resolve("herald.properties"),
                "cep.checkpoint.interval.ms=1000\ncep.checkpoint.topic=from_file\nlog.retention.ms=60000\n");

        CepProperties properties = CepCommandProperties.resolve(
                file,
                Map.of("cep.checkpoint.interval.ms", "3000"),
                Map.of("HERALD_CEP_CHECKPOINT_INTERVAL_MS", "2000", "HERALD_CEP_CHECKPOINT_TOPIC", "from_env"));

        assertThat(properties.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.checkpointTopic()).isEqualTo("from_env");
    }

    @Test
    void theHeraldConfigVariableNamesTheFileAndItsBrokerPropertiesAreIgnored() throws IOException {
        Path file = Files.writeString(
                dir.resolve("server.properties"), "num.partitions=3\ncep.restart.backoff.initial.ms=2000\n");

        CepProperties properties = CepCommandProperties.resolve(null, null, Map.of("HERALD_CONFIG", file.toString()));

        assertThat(properties.restartBackoff().initialDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theServersEnvironmentVariablesAreIgnored() {
        CepProperties properties =
                CepCommandProperties.resolve(null, null, Map.of("HERALD_NUM_PARTITIONS", "zero", "HERALD_PORT", "x"));

        assertThat(properties).isEqualTo(CepProperties.DEFAULT);
    }

    @Test
    void aBrokerPropertyInSetIsRefused() {
        assertThatThrownBy(() -> CepCommandProperties.resolve(null, Map.of("log.retention.ms", "1"), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("--set log.retention.ms: herald cep takes CEP properties only (cep.checkpoint.interval.ms,"
                        + " cep.checkpoint.topic, cep.restart.backoff.initial.ms, cep.restart.backoff.max.ms); give"
                        + " broker properties to herald server");
    }

    @Test
    void aBadValueNamesThePropertyTheValueAndWhereItCameFrom() {
        assertThatThrownBy(() ->
                        CepCommandProperties.resolve(null, null, Map.of("HERALD_CEP_CHECKPOINT_INTERVAL_MS", "soon")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("cep.checkpoint.interval.ms must be a whole number of milliseconds >= 0 (0 turns"
                        + " checkpoints off), was 'soon'; cep.checkpoint.interval.ms was set by"
                        + " HERALD_CEP_CHECKPOINT_INTERVAL_MS");
    }

    @Test
    void aMisspelledPropertyInTheFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.properties"), "cep.checkpoint.intervall.ms=5000\n");

        assertThatThrownBy(() -> CepCommandProperties.resolve(file, null, Map.of()))
                .hasMessageStartingWith("cep.checkpoint.intervall.ms is not a CEP property")
                .hasMessageEndingWith("; cep.checkpoint.intervall.ms was set by --config " + file);
    }
}
