package io.herald.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.log.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicConfigTest {

    @Test
    void valueComesFromTheTopicThenTheBrokerThenKafkasDefault() {
        TopicConfig config = TopicConfig.of(Map.of("retention.ms", "1000"), Map.of("segment.ms", "5000"));

        assertThat(config.value("retention.ms")).isEqualTo("1000");
        assertThat(config.source("retention.ms")).isEqualTo(TopicConfig.Source.TOPIC);
        assertThat(config.value("segment.ms")).isEqualTo("5000");
        assertThat(config.source("segment.ms")).isEqualTo(TopicConfig.Source.BROKER);
        assertThat(config.value("cleanup.policy")).isEqualTo("delete");
        assertThat(config.source("cleanup.policy")).isEqualTo(TopicConfig.Source.DEFAULT);
        assertThat(config.logConfig().retentionMs()).isEqualTo(1000);
        assertThat(config.logConfig().segmentMs()).isEqualTo(5000);
    }

    @Test
    void everyKnownConfigIsListedWithItsValue() {
        assertThat(TopicConfig.of(Map.of(), Map.of()).all())
                .containsEntry("max.message.bytes", "1048588")
                .containsEntry("compression.type", "producer")
                .containsKeys("min.insync.replicas", "message.timestamp.after.max.ms", "flush.policy");
    }

    @Test
    void unknownNamesAndBadValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TopicConfig.of(Map.of("retention.hours", "1"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("unknown topic config retention.hours");
        assertThatThrownBy(() -> TopicConfig.of(Map.of("cleanup.policy", "archive"), Map.of()))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> TopicConfig.of(Map.of("compression.type", "zstd"), Map.of()))
                .hasMessageContaining("set compression.type on the producer instead");
        assertThatThrownBy(() -> TopicConfig.of(Map.of("min.insync.replicas", "2"), Map.of()))
                .hasMessageContaining("single node");
    }

    @Test
    void compactionAndTimestampRulesAreReadFromTheConfig() {
        TopicConfig config = TopicConfig.of(
                Map.of("cleanup.policy", "compact", "message.timestamp.before.max.ms", "3600000"), Map.of());

        assertThat(config.compacted()).isTrue();
        assertThat(config.timestampBeforeMaxMs()).isEqualTo(3_600_000);
        assertThat(config.timestampAfterMaxMs()).isEqualTo(3_600_000);
    }

    @Test
    void overridesAreKeptTrimmedSoTheyParseWhereTheyAreRead() {
        TopicConfig config = TopicConfig.of(Map.of("message.timestamp.before.max.ms", " 60000 "), Map.of());

        assertThat(config.overrides()).containsEntry("message.timestamp.before.max.ms", "60000");
        assertThat(config.timestampBeforeMaxMs()).isEqualTo(60000);
    }
}
