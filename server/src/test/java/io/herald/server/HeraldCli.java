package io.herald.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code herald} commands in-process, as {@code bin/herald} would, with the environment, standard input and
 * stop signal a test chooses, and captures what they print.
 */
public final class HeraldCli {
    private final Map<String, String> variables;
    private final InputStream stdin;
    private final ManualStop stop = new ManualStop();

    private HeraldCli(Map<String, String> variables, InputStream stdin) {
        this.variables = Map.copyOf(variables);
        this.stdin = stdin;
    }

    /** No environment variables, empty standard input. */
    public static HeraldCli create() {
        return new HeraldCli(Map.of(), InputStream.nullInputStream());
    }

    public HeraldCli withEnvironment(Map<String, String> newVariables) {
        return new HeraldCli(newVariables, stdin);
    }

    public HeraldCli withStdin(String text) {
        return new HeraldCli(variables, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The stop signal the commands of this instance listen to. */
    public ManualStop stop() {
        return stop;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Clock clock = Clock.systemUTC();
        CommandEnvironment environment = new CommandEnvironment(variables, stdin, stop, clock, clock.instant());
        CommandLine commandLine = Herald.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** What a command returned and printed. */
    public record Result(int exitCode, String out, String err) {}
}
