package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.HeraldCli.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeraldTest {

    private final HeraldCli cli = HeraldCli.create();

    @Test
    void helpPrintsUsageAndExitsZero() {
        Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("Usage: herald")
                .contains("--version", "server", "topics", "produce", "consume", "groups", "help");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void noArgumentsRunsTheServer() {
        Result result = cli.withEnvironment(Map.of("HERALD_PORT", "not-a-port")).run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("herald server: HERALD_PORT must be a port number");
    }

    @Test
    void serverOptionsWithoutACommandRunTheServer() {
        Result result = cli.run("--port", "70000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("herald server: --port must be a port number");
    }

    @Test
    void versionPrintsHeraldAndProjectVersion() {
        Result result = cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).matches("herald \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void unknownOptionExitsTwoAndNamesTheOption() {
        Result result = cli.run("--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void serverHelpSaysWhatListensOnTheRegistryAndHttpPorts() {
        Result result = cli.run("server", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().replaceAll("\\s+", " "))
                .contains("--data-dir", "--port", "--http-port", "--registry-port", "--config", "--set")
                .contains("The schema registry (Confluent's REST API) listens on --registry-port")
                .contains(
                        "The HTTP API (CEP rules at /api/rules, hosted in this process, kept in the _herald_rules topic)"
                                + " and the Prometheus metrics (/metrics) listen on --http-port")
                .contains("defaults < --config file < HERALD_* environment < command-line options");
    }
}
