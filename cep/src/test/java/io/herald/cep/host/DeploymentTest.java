package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cep.runner.StartPoint;
import io.herald.cep.text.RuleSyntaxException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DeploymentTest {
    private static final String BIG = "CREATE RULE big FROM orders WHERE amount > 1000 SELECT * INTO big_orders";
    private static final Instant T1 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-29T11:00:00Z");

    @Test
    void aNewNameIsVersionOneRunningFromTheGivenStartPoint() {
        DeployResult result = Deployment.decide(Optional.empty(), BIG, StartPoint.NOW, "alice", T1);

        assertThat(result).isInstanceOf(DeployResult.Created.class);
        assertThat(result.rule())
                .isEqualTo(new DeployedRule("big", BIG, 1, RuleState.RUNNING, StartPoint.NOW, "alice", T1));
    }

    @Test
    void theSamePlanInOtherWordsIsANoOpThatKeepsTheCurrentRule() {
        DeployedRule current = new DeployedRule("big", BIG, 3, RuleState.PAUSED, StartPoint.EARLIEST, "alice", T1);
        String reformatted = "-- same rule\ncreate rule big\n  from orders\n  where amount > 1000\n  select *\n"
                + "  into big_orders";

        DeployResult result = Deployment.decide(Optional.of(current), reformatted, StartPoint.NOW, "bob", T2);

        assertThat(result).isEqualTo(new DeployResult.Unchanged(current));
    }

    @Test
    void aChangedPlanIsTheNextVersionRunningFromTheNewStartPoint() {
        DeployedRule current = new DeployedRule("big", BIG, 1, RuleState.PAUSED, StartPoint.EARLIEST, "alice", T1);
        String changed = BIG.replace("1000", "5000");
        StartPoint backFill = StartPoint.parse("2026-11-29T09:00:00Z");

        DeployResult result = Deployment.decide(Optional.of(current), changed, backFill, "bob", T2);

        assertThat(result)
                .isEqualTo(new DeployResult.Changed(
                        new DeployedRule("big", changed, 2, RuleState.RUNNING, backFill, "bob", T2), 1));
        assertThat(result.rule().plan().version()).isEqualTo(2);
    }

    @Test
    void aVersionClauseInTheTextIsOverriddenByTheHostsVersion() {
        DeployResult result = Deployment.decide(
                Optional.empty(), BIG.replace("RULE big", "RULE big VERSION 7"), StartPoint.NOW, "alice", T1);

        assertThat(result.rule().version()).isEqualTo(1);
        assertThat(result.rule().plan().version()).isEqualTo(1);
    }

    @Test
    void aBrokenTextIsRejectedWithItsLineAndColumn() {
        assertThatThrownBy(() -> Deployment.decide(
                        Optional.empty(),
                        "CREATE RULE x\nFROM orders WINDOW RANGE soon SELECT * INTO y",
                        StartPoint.NOW,
                        "alice",
                        T1))
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(26);
                });
    }

    @Test
    void aStartPointWithOffsetsOfATopicTheRuleDoesNotReadIsRefused() {
        assertThatThrownBy(() -> Deployment.decide(
                        Optional.empty(), BIG, StartPoint.parse("orders:0=5,payments:0=1"), "alice", T1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names topic payments, which rule big does not read");
    }
}
