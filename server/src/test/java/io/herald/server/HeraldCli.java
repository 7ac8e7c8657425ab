package io.herald.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** Runs a command to its end. */
    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = commandLine(out, err).execute(Herald.withServerDefault(args));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Starts a long-running command ({@code server}, a following {@code consume}) on its own thread. */
    public Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = commandLine(out, err);
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Thread.ofPlatform().name("herald-cli-" + String.join("-", args)).start(() -> {
            try {
                exitCode.complete(commandLine.execute(Herald.withServerDefault(args)));
            } catch (Throwable e) {
                exitCode.completeExceptionally(e);
            }
        });
        return new Running(exitCode, out, err, stop);
    }

    /**
     * Starts {@code herald server} on free ports ({@code --port 0 --registry-port 0 --http-port 0}) with its data in
     * {@code dataDir}, then {@code more} arguments.
     */
    public Running startServer(String dataDir, String... more) {
        String[] args = {"server", "--port", "0", "--registry-port", "0", "--http-port", "0", "--data-dir", dataDir};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return start(all);
    }

    private CommandLine commandLine(StringWriter out, StringWriter err) {
        Clock clock = Clock.systemUTC();
        CommandEnvironment environment = new CommandEnvironment(variables, stdin, stop, clock, clock.instant());
        return Herald.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
    }

    /** What a command returned and printed. */
    public record Result(int exitCode, String out, String err) {}

    /** A command still running; {@link StringWriter} is synchronized, so its output can be read meanwhile. */
    public record Running(CompletableFuture<Integer> exitCode, StringWriter out, StringWriter err, ManualStop stop) {
        /** Sends the stop signal and waits for the command's result. */
        public Result stopAndWait(Duration timeout) throws Exception {
            stop.stop();
            return await(timeout);
        }

        /** Waits for the command to end by itself. */
        public Result await(Duration timeout) throws Exception {
            int code = exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code, out.toString(), err.toString());
        }
    }
}
