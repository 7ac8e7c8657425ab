package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bin/herald adds to the JVM: the start-up cache of bin/lib/aot.sh, run by bash as bin/herald runs it (the
 * training, the options that use the cache, a JVM that starts from it, a cache that a newer jar makes stale), and the
 * initial heap. The cache's test copies the server's jar into a temporary target folder, so it neither uses nor
 * replaces a cache of the checkout.
 */
@Timeout(180)
class LauncherIT {
    private static final Path REPOSITORY = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("..")
            .normalize();
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path target;

    @Test
    void aTrainedCacheStartsTheJvmAndANewerJarMakesItStale() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the start-up cache needs JDK 25");
        Files.copy(REPOSITORY.resolve("server/target/herald-server.jar"), target.resolve("herald-server.jar"));
        String classPath = target.resolve("herald-server.jar") + ":" + REPOSITORY.resolve("server/target/lib") + "/*";

        Result first = bash(
                "herald_aot_prepare \"$T\" -cp \"$CP\"; herald_aot_options \"$T\"; "
                        + "printf '%s\\n' \"${herald_aot_opts[@]}\"",
                classPath);
        Path cache = target.resolve("herald-" + Runtime.version().toString().replaceAll("\\+.*", "") + ".aot");
        assertThat(first.stderr).contains("herald: preparing the start-up cache");
        assertThat(first.stdout).containsExactly("-XX:AOTCache=" + cache, "-Xlog:aot=off");
        assertThat(cache).isNotEmptyFile();

        // AOTMode=on: a JVM that cannot use the cache fails instead of starting without it.
        Process jvm = new ProcessBuilder(
                        JAVA_HOME + "/bin/java",
                        "-XX:AOTCache=" + cache,
                        "-XX:AOTMode=on",
                        "-cp",
                        classPath,
                        "io.herald.server.Herald",
                        "--version")
                .redirectErrorStream(true)
                .start();
        String version = new String(jvm.getInputStream().readAllBytes());
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(version).isZero();
        assertThat(version).startsWith("herald ");

        Result again = bash("herald_aot_prepare \"$T\" -cp \"$CP\"", classPath);
        assertThat(again.stderr).doesNotContain("preparing");

        Files.setLastModifiedTime(
                target.resolve("herald-server.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        Result stale = bash("herald_aot_options \"$T\"; printf '%s\\n' \"${herald_aot_opts[@]}\"", classPath);
        assertThat(stale.stdout).containsExactly("");
    }

    @Test
    void theHeapStartsAt32MibUnlessHeraldJavaOptsSetsXms() throws Exception {
        assertThat(initialHeapSize("-XX:+PrintFlagsFinal")).isEqualTo(32L << 20);
        assertThat(initialHeapSize("-Xms64m -XX:+PrintFlagsFinal")).isEqualTo(64L << 20);
    }

    /** The JVM's InitialHeapSize when bin/herald runs {@code herald --version} with {@code javaOpts}. */
    private static long initialHeapSize(String javaOpts) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(REPOSITORY.resolve("bin/herald").toString(), "--version");
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().put("HERALD_NO_BUILD", "1");
        builder.environment().put("HERALD_JAVA_OPTS", javaOpts);
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines()
                .filter(line -> line.contains(" InitialHeapSize "))
                .map(line -> Long.parseLong(line.replaceAll(".*= *(\\d+).*", "$1")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no InitialHeapSize in: " + output));
    }

    private record Result(List<String> stdout, String stderr) {}

    /** Runs {@code script} after sourcing bin/lib/java.sh and bin/lib/aot.sh, with T and CP set. */
    private Result bash(String script, String classPath) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                "bash",
                "-c",
                "set -euo pipefail; source \"$R/bin/lib/java.sh\"; source \"$R/bin/lib/aot.sh\"; "
                        + "herald_find_java; " + script);
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().put("R", REPOSITORY.toString());
        builder.environment().put("T", target.toString());
        builder.environment().put("CP", classPath);
        Path stderr = target.resolve("stderr-" + System.nanoTime() + ".txt");
        Process process = builder.redirectError(stderr.toFile()).start();
        String stdout = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(150, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr);
        assertThat(process.exitValue()).as(err).isZero();
        return new Result(stdout.lines().toList(), err);
    }
}
