package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.host.CepProperties;
import io.herald.server.ServerConfig.InvalidSettingException;
import io.herald.server.ServerConfig.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreDataUnderTheWorkingDirectoryAndConventionalPorts() {
        ServerConfig config = ServerConfig.resolve(Options.none(), Map.of());

        assertThat(config.broker().dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.broker().host()).isEqualTo("127.0.0.1");
        assertThat(config.broker().port()).isEqualTo(9092);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.registryPort()).isEqualTo(8081);
    }

    @Test
    void configFileOverridesDefaults() throws IOException {
        Path file = properties("num.partitions=3\nlisteners=PLAINTEXT://127.0.0.1:9093\n");

        ServerConfig config = ServerConfig.resolve(options(file, null, null, Map.of()), Map.of());

        assertThat(config.broker().numPartitions()).isEqualTo(3);
        assertThat(config.broker().port()).isEqualTo(9093);
    }

    @Test
    void environmentOverridesConfigFile() throws IOException {
        Path file = properties("num.partitions=3\n");

        ServerConfig config =
                ServerConfig.resolve(options(file, null, null, Map.of()), Map.of("HERALD_NUM_PARTITIONS", "5"));

        assertThat(config.broker().numPartitions()).isEqualTo(5);
        assertThat(config.origins()).containsEntry("num.partitions", "HERALD_NUM_PARTITIONS");
    }

    @Test
    void commandLineOverridesEnvironment() {
        ServerConfig config = ServerConfig.resolve(
                options(null, null, null, Map.of("num.partitions", "7")), Map.of("HERALD_NUM_PARTITIONS", "5"));

        assertThat(config.broker().numPartitions()).isEqualTo(7);
    }

    @Test
    void heraldConfigVariableNamesTheFileWhenNoOptionDoes() throws IOException {
        Path file = properties("num.partitions=4\n");

        ServerConfig config = ServerConfig.resolve(Options.none(), Map.of("HERALD_CONFIG", file.toString()));

        assertThat(config.broker().numPartitions()).isEqualTo(4);
    }

    @Test
    void brokerLogSettingsFromTheEnvironmentBecomeTopicDefaults() {
        ServerConfig config = ServerConfig.resolve(Options.none(), Map.of("HERALD_LOG_RETENTION_MS", "1000"));

        assertThat(config.broker().topicDefaults()).containsEntry("retention.ms", "1000");
    }

    @Test
    void dataDirOptionOverridesHeraldDataDirWhichOverridesLogDirs() {
        Map<String, String> env = Map.of("HERALD_DATA_DIR", "/tmp/from-env", "HERALD_LOG_DIRS", "/tmp/generic");

        ServerConfig fromEnv = ServerConfig.resolve(Options.none(), env);
        ServerConfig fromOption = ServerConfig.resolve(options(null, Path.of("/tmp/from-cli"), null, Map.of()), env);

        assertThat(fromEnv.broker().dataDir()).isEqualTo(Path.of("/tmp/from-env"));
        assertThat(fromOption.broker().dataDir()).isEqualTo(Path.of("/tmp/from-cli"));
    }

    @Test
    void portOptionKeepsTheListenerHostOfALowerLayer() throws IOException {
        Path file = properties("listeners=PLAINTEXT://0.0.0.0:9092\n");

        ServerConfig config = ServerConfig.resolve(options(file, null, 19092, Map.of()), Map.of());

        assertThat(config.broker().host()).isEqualTo("0.0.0.0");
        assertThat(config.broker().port()).isEqualTo(19092);
    }

    @Test
    void portOptionOverridesListenersSetOnTheSameLayer() {
        ServerConfig config = ServerConfig.resolve(
                options(null, null, 9095, Map.of("listeners", "PLAINTEXT://127.0.0.1:9094")), Map.of());

        assertThat(config.broker().port()).isEqualTo(9095);
    }

    @Test
    void heraldPortThatIsNotANumberIsNamed() {
        assertThatThrownBy(() -> ServerConfig.resolve(Options.none(), Map.of("HERALD_PORT", "ninety")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("HERALD_PORT must be a port number from 0 to 65535 (0 picks a free port), was 'ninety'");
    }

    @Test
    void portOutOfRangeIsNamed() {
        assertThatThrownBy(() -> ServerConfig.resolve(options(null, null, 70000, Map.of()), Map.of()))
                .hasMessageStartingWith("--port must be a port number from 0 to 65535");
    }

    @Test
    void httpPortFromTheEnvironmentIsCheckedAndNamed() {
        assertThatThrownBy(() -> ServerConfig.resolve(Options.none(), Map.of("HERALD_HTTP_PORT", "-1")))
                .hasMessageStartingWith("http.port (from HERALD_HTTP_PORT) must be a port number");
    }

    @Test
    void httpPortEqualToKafkaPortIsRefused() {
        assertThatThrownBy(() -> ServerConfig.resolve(new Options(null, null, 9092, 9092, null, Map.of()), Map.of()))
                .hasMessage("http.port (from --http-port) is 9092, the port of listeners (from --port) too; give"
                        + " each its own port");
    }

    @Test
    void badBrokerPropertySaysWhichLayerSetIt() {
        assertThatThrownBy(() -> ServerConfig.resolve(Options.none(), Map.of("HERALD_NUM_PARTITIONS", "zero")))
                .hasMessage("num.partitions must be a whole number, was zero; num.partitions was set by"
                        + " HERALD_NUM_PARTITIONS");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ServerConfig.resolve(options(missing, null, null, Map.of()), Map.of()))
                .hasMessage("--config " + missing + ": no such file; give the path of a Kafka-style .properties file");
    }

    @Test
    void emptyPropertyNameInSetIsRefused() {
        assertThatThrownBy(() -> ServerConfig.resolve(options(null, null, null, Map.of(" ", "1")), Map.of()))
                .hasMessageContaining("needs a property name");
    }

    @Test
    void cepPropertiesDefaultToTheRunnersDefaults() {
        ServerConfig config = ServerConfig.resolve(Options.none(), Map.of());

        assertThat(config.cep()).isEqualTo(CepProperties.DEFAULT);
    }

    @Test
    void cepPropertiesComeFromEveryLayer() throws IOException {
        Path file = properties("cep.checkpoint.topic=from_file\ncep.restart.backoff.max.ms=30000\n");

        ServerConfig config = ServerConfig.resolve(
                options(file, null, null, Map.of("cep.restart.backoff.initial.ms", "500")),
                Map.of("HERALD_CEP_CHECKPOINT_INTERVAL_MS", "5000"));

        assertThat(config.cep().checkpointTopic()).isEqualTo("from_file");
        assertThat(config.cep().checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.cep().restartBackoff().initialDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.cep().restartBackoff().maxDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadCepPropertySaysWhichLayerSetIt() {
        assertThatThrownBy(() -> ServerConfig.resolve(
                        options(null, null, null, Map.of("cep.checkpoint.interval.ms", "-5")), Map.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("cep.checkpoint.interval.ms must be a whole number of milliseconds >= 0 (0 turns"
                        + " checkpoints off), was '-5'; cep.checkpoint.interval.ms was set by --set"
                        + " cep.checkpoint.interval.ms");
    }

    @Test
    void anEmptyCheckpointTopicFromTheEnvironmentIsRefused() {
        assertThatThrownBy(() -> ServerConfig.resolve(Options.none(), Map.of("HERALD_CEP_CHECKPOINT_TOPIC", "")))
                .hasMessageStartingWith("cep.checkpoint.topic must be a topic name")
                .hasMessageEndingWith("was ''; cep.checkpoint.topic was set by HERALD_CEP_CHECKPOINT_TOPIC");
    }

    private static Options options(Path config, Path dataDir, Integer port, Map<String, String> set) {
        return new Options(config, dataDir, port, null, null, set);
    }

    private Path properties(String text) throws IOException {
        return Files.writeString(dir.resolve("herald.properties"), text);
    }
}
