package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code herald groups} options: how {@code --topic}, {@code --to-datetime} and {@code --by-duration} are read,
 * and what the commands refuse before they connect anywhere (exit 2, one line naming the option).
 */
@Timeout(30)
class GroupsOptionsTest {

    private final HeraldCli cli = HeraldCli.create();

    @Test
    void topicAloneSelectsAllItsPartitions() {
        assertThat(TopicSelection.parse("orders")).isEqualTo(new TopicSelection("orders", List.of()));
    }

    @Test
    void topicWithPartitionsSelectsThoseInOrder() {
        assertThat(TopicSelection.parse("orders:2,0,1")).isEqualTo(new TopicSelection("orders", List.of(2, 0, 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders:", "orders:a", "orders:0,", "orders:-1", "orders:+1", "orders:0:1", ":0"})
    void topicWithMalformedPartitionsIsRefused(String text) {
        assertThatThrownBy(() -> TopicSelection.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--topic")
                .hasMessageContaining("such as orders:0,1");
    }

    @Test
    void byDurationCountsBackFromNow() {
        Instant now = Instant.parse("2026-01-31T12:00:00Z");

        OffsetReset.ToTimestamp reset = OffsetReset.byDuration("P1DT2H30M", now);

        assertThat(Instant.ofEpochMilli(reset.timestampMs())).isEqualTo(Instant.parse("2026-01-30T09:30:00Z"));
    }

    @Test
    void byDurationRefusesANegativeDuration() {
        assertThatThrownBy(() -> OffsetReset.byDuration("-PT1H", Instant.EPOCH))
                .hasMessage("--by-duration is how far back from now, so it cannot be negative, was '-PT1H'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h", "PT", "P1H", "yesterday"})
    void byDurationRefusesWhatIsNotAnIsoDuration(String text) {
        assertThatThrownBy(() -> OffsetReset.byDuration(text, Instant.EPOCH))
                .hasMessageStartingWith("--by-duration must be an ISO-8601 duration (PnDTnHnMnS)");
    }

    @Test
    void toDatetimeReadsUtcAnOffsetAndEpochMillis() {
        assertThat(OffsetReset.toDatetime("2026-01-31T12:00:00Z").timestampMs())
                .isEqualTo(Instant.parse("2026-01-31T12:00:00Z").toEpochMilli());
        assertThat(OffsetReset.toDatetime("2026-01-31T13:00:00.250+01:00").timestampMs())
                .isEqualTo(Instant.parse("2026-01-31T12:00:00.250Z").toEpochMilli());
        assertThat(OffsetReset.toDatetime("1769860800000").timestampMs()).isEqualTo(1769860800000L);
    }

    @Test
    void toDatetimeWithoutZoneSaysToAddOne() {
        assertThatThrownBy(() -> OffsetReset.toDatetime("2026-01-31T12:00:00"))
                .hasMessage("--to-datetime 2026-01-31T12:00:00 has no zone; add Z for UTC or an offset such as"
                        + " +01:00: 2026-01-31T12:00:00Z");
    }

    @Test
    void resetNeedsWhereToMoveTheOffsets() {
        Result result = cli.run("groups", "reset", "g", "--topic", "orders");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("herald groups reset: Say where to move the offsets: one of --to-earliest, --to-latest,");
    }

    @Test
    void resetTakesOneMode() {
        Result result = cli.run("groups", "reset", "g", "--topic", "orders", "--to-earliest", "--shift-by", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("herald groups reset: Give only one of --to-earliest, --shift-by: ");
    }

    @Test
    void resetNeedsTopicsOrAllTopics() {
        Result result = cli.run("groups", "reset", "g", "--to-latest");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("Say which partitions to reset: --topic TOPIC[:P,...] (repeatable) or --all-topics");
    }

    @Test
    void resetRefusesTopicsTogetherWithAllTopics() {
        Result result = cli.run("groups", "reset", "g", "--topic", "orders", "--all-topics", "--to-latest");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Give either --topic or --all-topics, not both");
    }

    @Test
    void resetRefusesExecuteTogetherWithDryRun() {
        Result result = cli.run("groups", "reset", "g", "--all-topics", "--to-latest", "--execute", "--dry-run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Give either --execute or --dry-run, not both");
    }

    @Test
    void resetRefusesANegativeOffset() {
        Result result = cli.run("groups", "reset", "g", "--all-topics", "--to-offset", "-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--to-offset must be >= 0, was -1");
    }

    @Test
    void resetRefusesAMalformedTopic() {
        Result result = cli.run("groups", "reset", "g", "--topic", "orders:x", "--to-latest");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("herald groups reset: --topic orders:x: 'x' is not a partition number");
    }

    @Test
    void resetRefusesAMalformedDuration() {
        Result result = cli.run("groups", "reset", "g", "--all-topics", "--by-duration", "2h");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--by-duration must be an ISO-8601 duration", "was '2h'");
    }

    @Test
    void listRefusesAnUnknownState() {
        Result result = cli.run("groups", "list", "--state", "Stable,Sleeping");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--state must be one of PreparingRebalance, CompletingRebalance, Stable, Dead, Empty,"
                        + " Assigning, Reconciling, was 'Sleeping'");
    }

    @Test
    void deleteNeedsAGroup() {
        Result result = cli.run("groups", "delete");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("GROUP");
    }

    @Test
    void groupsWithoutSubcommandSaysWhichExist() {
        Result result = cli.run("groups");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("list, describe, reset, delete");
    }
}
