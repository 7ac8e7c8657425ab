package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cep.runner.StartPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a host does to a rule's runner for each record of the rules topic. */
@Timeout(10)
class HostActionTest {
    private static final String TEXT = "CREATE RULE r FROM a SELECT * INTO b";

    private static DeployedRule rule(int version, RuleState state) {
        return new DeployedRule("r", TEXT, version, state, StartPoint.NOW, "t", Instant.EPOCH);
    }

    @Test
    void aRunningRuleNotRunHereStarts() {
        assertThat(HostAction.between(null, rule(1, RuleState.RUNNING)))
                .isEqualTo(new HostAction.Start(rule(1, RuleState.RUNNING)));
    }

    @Test
    void theSameVersionStillRunningIsKept() {
        assertThat(HostAction.between(rule(2, RuleState.RUNNING), rule(2, RuleState.RUNNING)))
                .isEqualTo(new HostAction.Keep());
    }

    @Test
    void aNewVersionRestartsTheRunner() {
        assertThat(HostAction.between(rule(1, RuleState.RUNNING), rule(2, RuleState.RUNNING)))
                .isEqualTo(new HostAction.Restart(rule(2, RuleState.RUNNING)));
    }

    @Test
    void aPauseOrADropStopsTheRunner() {
        assertThat(HostAction.between(rule(1, RuleState.RUNNING), rule(1, RuleState.PAUSED)))
                .isEqualTo(new HostAction.Stop());
        assertThat(HostAction.between(rule(1, RuleState.RUNNING), null)).isEqualTo(new HostAction.Stop());
    }

    @Test
    void aPausedOrDroppedRuleNotRunHereNeedsNothing() {
        assertThat(HostAction.between(null, rule(1, RuleState.PAUSED))).isEqualTo(new HostAction.Keep());
        assertThat(HostAction.between(null, null)).isEqualTo(new HostAction.Keep());
    }

    @Test
    void aResumeStartsTheSameVersionAgain() {
        assertThat(HostAction.between(null, rule(3, RuleState.RUNNING)))
                .isEqualTo(new HostAction.Start(rule(3, RuleState.RUNNING)));
    }
}
