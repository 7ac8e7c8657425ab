package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import org.junit.jupiter.api.Test;

/** Options the client commands refuse before they connect anywhere: exit 2, one line naming the option. */
class CommandOptionsTest {

    private final HeraldCli cli = HeraldCli.create();

    @Test
    void produceRefusesUnknownAcks() {
        Result result = cli.run("produce", "orders", "--acks", "2", "--value", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .isEqualTo("herald produce: --acks must be all, 1 or 0, was '2' (see 'herald produce" + " --help')"
                        + System.lineSeparator());
    }

    @Test
    void produceRefusesUnknownCompression() {
        Result result = cli.run("produce", "orders", "--compression", "xz", "--value", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--compression must be one of none, gzip, snappy, lz4, zstd, was 'xz'");
    }

    @Test
    void produceRefusesHeaderWithoutEquals() {
        Result result = cli.run("produce", "orders", "--header", "trace", "--value", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--header must be KEY=VALUE, was 'trace'");
    }

    @Test
    void consumeOffsetNeedsPartition() {
        Result result = cli.run("consume", "orders", "--offset", "5");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--offset 5 needs --partition N");
    }

    @Test
    void consumeTakesOneStartingPoint() {
        Result result = cli.run("consume", "orders", "--from-beginning", "--from-time", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Give one of --from-beginning, --offset, --from-time");
    }

    @Test
    void consumeRefusesTimeThatIsNeitherIsoNorEpochMillis() {
        Result result = cli.run("consume", "orders", "--from-time", "yesterday");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--from-time must be an ISO-8601 instant", "was 'yesterday'");
    }

    @Test
    void consumeWithGroupRefusesPartitionAndOffset() {
        Result result = cli.run("consume", "orders", "--group", "g", "--partition", "0", "--offset", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--offset, --from-time and --partition work without --group only");
    }

    @Test
    void topicsWithoutSubcommandSaysWhichExist() {
        Result result = cli.run("topics");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("create, list, describe, alter, delete");
    }

    @Test
    void topicsAlterNeedsSomethingToAlter() {
        Result result = cli.run("topics", "alter", "orders");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Nothing to alter");
    }

    @Test
    void missingCommandConfigFileIsNamed() {
        Result result = cli.run("topics", "list", "--command-config", "/nonexistent/client.properties");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--command-config /nonexistent/client.properties: no such file");
    }
}
