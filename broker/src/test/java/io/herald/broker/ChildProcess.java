package io.herald.broker;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party client (kcat, node) as a child process for the interoperability tests: stdin from a string,
 * stdout and stderr into files (so a chatty child never blocks on a full pipe), a hard timeout after which the child and
 * its descendants are killed. A tool that is not installed fails the test, never skips it, with the command that
 * installs it: CI installs every tool in {@code .ci/run}, and a green run must mean the clients were really exercised.
 */
final class ChildProcess {
    private ChildProcess() {}

    /** What a finished child left: its exit code and output. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        /** Fails with the command, exit code and both outputs unless the child exited 0. */
        Result assertSuccess() {
            if (exitCode != 0) fail("%s exited with %d%nstdout:%n%s%nstderr:%n%s", command, exitCode, stdout, stderr);
            return this;
        }
    }

    /** Runs {@code command} in {@code workDir}, feeding it {@code stdin}; kills it after {@code timeout}. */
    static Result run(List<String> command, Path workDir, String stdin, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            try (var input = process.getOutputStream()) {
                input.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(
                        "%s did not finish within %s%nstdout:%n%s%nstderr:%n%s",
                        command, timeout, Files.readString(out), Files.readString(err));
            }
            return new Result(List.copyOf(command), process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            destroy(process);
        }
    }

    /** Starts {@code command} in the background; the caller must {@link #destroy} it. */
    static Process start(List<String> command, Path workDir, Path stdout, Path stderr) throws IOException {
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    /**
     * Asks {@code process} to stop (SIGTERM, which kcat and the node scripts handle by leaving their group and
     * committing) and waits up to {@code timeout} for it to exit; true if it did. The caller still {@link #destroy}s
     * it in a finally block, for when it did not.
     */
    static boolean stop(Process process, Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The contents of every {@code *.err} file in {@code dir}, each under its name: what background children started
     * with {@link #start} wrote to stderr, for a failure message.
     */
    static String errFiles(Path dir) {
        StringBuilder errors = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path err :
                    files.filter(f -> f.toString().endsWith(".err")).sorted().toList()) {
                errors.append(err.getFileName()).append(":\n").append(Files.readString(err));
            }
        } catch (IOException e) {
            errors.append("(cannot read the stderr files in ")
                    .append(dir)
                    .append(": ")
                    .append(e)
                    .append(')');
        }
        return errors.toString();
    }

    /** Kills {@code process} and whatever it started, and waits for it to go. */
    static void destroy(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The absolute path of {@code tool} on the PATH, or a failed test saying how to install it. */
    static String require(String tool, String install) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> tried = new ArrayList<>();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, tool);
            tried.add(dir);
            if (Files.isExecutable(candidate)) return candidate.toString();
        }
        return fail(
                "%s is not installed (not on PATH %s): these interoperability tests need it and never skip."
                        + " Run .ci/run, which installs every test tool, or %s",
                tool, tried, install);
    }
}
