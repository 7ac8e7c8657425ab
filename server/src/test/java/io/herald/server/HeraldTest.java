package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HeraldTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine command =
            new CommandLine(new Herald()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    @Test
    void helpPrintsUsageAndExitsZero() {
        int exitCode = command.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("Usage: herald").contains("--version", "help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noArgumentsPrintsUsageAndExitsZero() {
        int exitCode = command.execute();

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("Usage: herald");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void versionPrintsHeraldAndProjectVersion() {
        int exitCode = command.execute("--version");

        assertThat(exitCode).isZero();
        assertThat(out.toString().strip()).matches("herald \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void unknownOptionExitsTwoAndNamesTheOption() {
        int exitCode = command.execute("--no-such-option");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
        assertThat(out.toString()).isEmpty();
    }
}
