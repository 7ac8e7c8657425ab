package io.herald.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.HeraldCli;
import io.herald.server.HeraldCli.Result;
import io.herald.server.HeraldCli.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald rules} against a running {@code herald server}'s HTTP API, each test with its own rules. */
@Timeout(120)
class RulesCommandIT {
    private static final Pattern HTTP = Pattern.compile("HTTP listening on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    static Path dataDir;

    @TempDir
    static Path files;

    static Running server;
    static HeraldCli cli;

    @BeforeAll
    static void start() {
        server = HeraldCli.create().startServer(dataDir.toString());
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> HTTP.matcher(server.out().toString()).find());
        Matcher url = HTTP.matcher(server.out().toString());
        assertThat(url.find()).isTrue();
        cli = HeraldCli.create().withEnvironment(Map.of("HERALD_URL", url.group(1), "USER", "cli-user"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.stopAndWait(Duration.ofSeconds(60));
    }

    private static Path file(String name, String text) throws IOException {
        return Files.writeString(files.resolve(name), text);
    }

    private static String rule(String name, int amount) {
        return "CREATE RULE %s FROM cli_orders WHERE amount > %d SELECT * INTO %s_out".formatted(name, amount, name);
    }

    @Test
    void deployThenRedeployAChangeThenTheSameTextAgain() throws IOException {
        Path v1 = file("big1.rule", rule("cli_big", 1000));
        Path v2 = file("big2.rule", rule("cli_big", 5000));

        Result first = cli.run("rules", "deploy", v1.toString());
        Result changed = cli.run("rules", "deploy", v2.toString(), "--from", "earliest");
        Result same = cli.run("rules", "deploy", v2.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("rule cli_big deployed as version 1 from now\n");
        assertThat(changed.out()).isEqualTo("rule cli_big changed: version 2 from earliest replaces version 1\n");
        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).isEqualTo("rule cli_big is unchanged (same plan as version 2); nothing deployed\n");
    }

    @Test
    void listAndDescribeShowTheRuleItsVersionStateAndDeployer() throws IOException {
        cli.run("rules", "deploy", file("listed.rule", rule("cli_listed", 10)).toString());

        Result list = cli.run("rules", "list");
        Result describe = cli.run("rules", "describe", "cli_listed");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().findFirst().orElseThrow())
                .startsWith("NAME")
                .contains("VERSION", "STATE", "FROM", "INPUTS", "INTO", "EVENTS-IN", "MATCHES-OUT", "LAG");
        assertThat(list.out().lines().filter(l -> l.startsWith("cli_listed ")))
                .singleElement()
                .satisfies(line -> assertThat(line.split("\\s+"))
                        .startsWith("cli_listed", "1", "RUNNING", "now", "cli_orders", "cli_listed_out"));
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out())
                .contains("version:     1")
                .contains("state:       RUNNING")
                .contains("deployedBy:  cli-user")
                .contains("eventsIn:")
                .endsWith(rule("cli_listed", 10) + "\n");
    }

    @Test
    void pauseResumeAndDropChangeTheRule() throws IOException {
        cli.run("rules", "deploy", file("life.rule", rule("cli_life", 1)).toString());

        Result paused = cli.run("rules", "pause", "cli_life");
        String pausedState = cli.run("rules", "describe", "cli_life").out();
        Result resumed = cli.run("rules", "resume", "cli_life");
        Result dropped = cli.run("rules", "drop", "cli_life");
        Result gone = cli.run("rules", "describe", "cli_life");

        assertThat(paused.out()).isEqualTo("Paused rule cli_life (version 1)\n");
        assertThat(pausedState).contains("state:       PAUSED");
        assertThat(resumed.out()).isEqualTo("Resumed rule cli_life (version 1)\n");
        assertThat(dropped.out()).isEqualTo("rule cli_life dropped (was version 1)\n");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err())
                .isEqualTo("herald rules describe: no rule named cli_life is deployed; list the rules"
                        + " to see their names\n");
    }

    @Test
    void aBrokenRuleFileFailsWithItsLineAndColumn() throws IOException {
        Path broken = file("broken.rule", "CREATE RULE cli_broken\nFROM t WINDOW RANGE soon SELECT * INTO o");

        Result result = cli.run("rules", "deploy", broken.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("herald rules deploy: " + broken + ": line 2, column 21: expected a duration");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void deployFromAnOffsetSaysSoAndABadOffsetFailsWithWhatIsWrong() throws IOException {
        Path file = file("offset.rule", rule("cli_offset", 1));

        Result bad = cli.run("rules", "deploy", file.toString(), "--from", "cli_orders:zero=3");
        Result deployed = cli.run("rules", "deploy", file.toString(), "--from", "offset:3");
        String described = cli.run("rules", "describe", "cli_offset").out();

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .contains("start point 'cli_orders:zero=3': in 'cli_orders:zero=3' the partition must be an integer"
                        + " >= 0, was 'zero'");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.out()).isEqualTo("rule cli_offset deployed as version 1 from offset:3\n");
        assertThat(described).contains("from:        offset:3");
    }

    @Test
    void aServerThatDoesNotAnswerIsNamed() {
        Result result = HeraldCli.create().run("rules", "list", "--herald-url", "http://127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("herald rules list: no Herald HTTP API answers at http://127.0.0.1:1; start herald server"
                        + " or pass --herald-url\n");
    }
}
