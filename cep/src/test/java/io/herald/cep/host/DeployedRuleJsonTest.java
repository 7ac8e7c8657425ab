package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.runner.StartPoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeployedRuleJsonTest {
    @Test
    void aRuleReadsBackEqualForEveryKindOfStartPoint() {
        for (StartPoint from : new StartPoint[] {
            StartPoint.NOW,
            StartPoint.EARLIEST,
            StartPoint.parse("2026-01-31T12:00:00Z"),
            StartPoint.parse("offset:120"),
            StartPoint.parse("a:0=120,a:1=98")
        }) {
            DeployedRule rule = new DeployedRule(
                    "fraud",
                    "CREATE RULE fraud\nFROM a SELECT * INTO b -- \"quoted\"",
                    4,
                    RuleState.PAUSED,
                    from,
                    "alice",
                    Instant.parse("2026-11-29T10:00:00.123Z"));

            assertThat(DeployedRuleJson.read(DeployedRuleJson.write(rule))).isEqualTo(rule);
        }
    }

    @Test
    void aDocumentWrittenBeforeOffsetStartPointsStillReads() {
        String json = "{\"name\":\"fraud\",\"version\":2,\"state\":\"RUNNING\",\"from\":\"2026-01-31T12:00:00Z\","
                + "\"deployedBy\":\"alice\",\"deployedAt\":\"2026-11-29T11:00:00Z\","
                + "\"text\":\"CREATE RULE fraud FROM a SELECT * INTO b\"}";

        DeployedRule rule = DeployedRuleJson.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(rule.from()).isEqualTo(new StartPoint.AtTime(Instant.parse("2026-01-31T12:00:00Z")));
        assertThat(rule.version()).isEqualTo(2);
    }

    @Test
    void anOffsetStartPointIsWrittenAsItsText() {
        DeployedRule rule = new DeployedRule(
                "r",
                "CREATE RULE r FROM a SELECT * INTO b",
                1,
                RuleState.RUNNING,
                StartPoint.parse("a:1=98,a:0=120"),
                "alice",
                Instant.EPOCH);

        assertThat(new String(DeployedRuleJson.write(rule), StandardCharsets.UTF_8))
                .contains("\"from\":\"a:0=120,a:1=98\"");
    }

    @Test
    void aValueThatIsNotADeployedRuleNamesTheMissingField() {
        byte[] value = "{\"name\":\"x\",\"version\":1}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DeployedRuleJson.read(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"name\":\"x\",\"version\":1,\"state\":\"RUNNING\",\"from\":\"now\",\"deployedBy\":\"a\","
                + "\"deployedAt\":\"2026-01-01T00:00:00Z\",\"text\":\"CREATE RULE x FROM a SELECT * INTO b\","
                + "\"later\":true}";

        assertThat(DeployedRuleJson.read(json.getBytes(StandardCharsets.UTF_8)).name())
                .isEqualTo("x");
    }
}
