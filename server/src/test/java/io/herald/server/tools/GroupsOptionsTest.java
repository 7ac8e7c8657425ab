package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code herald groups} options the commands refuse before they connect anywhere (exit 2, one line naming the
 * option).
 */
@Timeout(30)
class GroupsOptionsTest {

    private final HeraldCli cli = HeraldCli.create();

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
        assertThat(result.err()).contains("list, describe, delete");
    }
}
