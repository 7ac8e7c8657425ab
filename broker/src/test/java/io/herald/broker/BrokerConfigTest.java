package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.log.InvalidConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void defaultsAreKafkasPortOnLoopbackWithDataInDotSlashData() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9092);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.socketRequestMaxBytes()).isEqualTo(100 * 1024 * 1024);
    }

    @Test
    void listenersGiveHostAndPort() {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://0.0.0.0:19092"));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(19092);
    }

    @Test
    void brokerLogSettingsBecomeTopicDefaultsUnderTopicNames() {
        BrokerConfig config = BrokerConfig.fromProperties(
                Map.of("log.retention.hours", "2", "log.segment.bytes", "2097152", "message.max.bytes", "5000"));

        assertThat(config.topicDefaults())
                .containsEntry("retention.ms", "7200000")
                .containsEntry("segment.bytes", "2097152")
                .containsEntry("max.message.bytes", "5000");
    }

    @Test
    void retentionMsWinsOverRetentionHours() {
        BrokerConfig config =
                BrokerConfig.fromProperties(Map.of("log.retention.hours", "2", "log.retention.ms", "1000"));

        assertThat(config.topicDefaults()).containsEntry("retention.ms", "1000");
    }

    @Test
    void badValuesNameThePropertyAndTheValue() {
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("num.partitions", "zero")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("num.partitions must be a whole number, was zero");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("listeners", "SSL://host:9093")))
                .hasMessageContaining("PLAINTEXT://host:port");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.segment.bytes", "1024")))
                .hasMessageContaining("segment.bytes must be >= 1048576, was 1024");
        assertThatThrownBy(() -> BrokerConfig.fromProperties(Map.of("log.dirs", "/a,/b")))
                .hasMessageContaining("log.dirs must name one directory");
    }

    @Test
    void knowsKafkasNamesForWhatItReads() {
        assertThat(BrokerConfig.isKnown("log.retention.ms")).isTrue();
        assertThat(BrokerConfig.isKnown("log.retention.hours")).isTrue();
        assertThat(BrokerConfig.isKnown("connections.max.idle.ms")).isTrue();
        assertThat(BrokerConfig.isKnown("log.retention.msx")).isFalse();
    }
}
