package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.runner.StartPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetiredGroupsTest {
    private static DeployedRule rule(int version, RuleState state) {
        return new DeployedRule(
                "spend",
                "CREATE RULE spend FROM orders SELECT * INTO alerts",
                version,
                state,
                StartPoint.EARLIEST,
                "it",
                Instant.EPOCH);
    }

    @Test
    void aFirstDeployRetiresNothing() {
        assertThat(RetiredGroups.between(null, rule(1, RuleState.RUNNING))).isEmpty();
    }

    @Test
    void aDropRetiresTheGroupOfEveryVersion() {
        assertThat(RetiredGroups.between(rule(3, RuleState.RUNNING), null))
                .containsExactly("herald-cep.spend.v1", "herald-cep.spend.v2", "herald-cep.spend.v3");
    }

    @Test
    void aNewVersionRetiresTheVersionsBeforeIt() {
        assertThat(RetiredGroups.between(rule(1, RuleState.RUNNING), rule(2, RuleState.RUNNING)))
                .containsExactly("herald-cep.spend.v1");
    }

    @Test
    void aPauseOrAResumeRetiresNothing() {
        assertThat(RetiredGroups.between(rule(2, RuleState.RUNNING), rule(2, RuleState.PAUSED)))
                .isEmpty();
        assertThat(RetiredGroups.between(rule(2, RuleState.PAUSED), rule(2, RuleState.RUNNING)))
                .isEmpty();
    }
}
