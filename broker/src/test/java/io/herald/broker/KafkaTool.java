package io.herald.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of Kafka's command-line tools (kafka-tools' main classes) as a user would run {@code kafka-topics.sh}: in a
 * child JVM on the test classpath, through {@link ChildProcess}, since the tools call {@code Exit}, which would end the
 * test JVM.
 */
final class KafkaTool {
    private KafkaTool() {}

    /** Runs {@code mainClass} with {@code args} in {@code workDir}, feeding it {@code stdin}; kills it after 60 s. */
    static ChildProcess.Result run(Path workDir, String mainClass, String stdin, String... args) throws Exception {
        return runAnyExit(workDir, mainClass, stdin, args).assertSuccess();
    }

    /**
     * As {@link #run}, but returns whatever the tool exited with: some tools report a refused request with an
     * {@code Error:} line and exit 0, others exit 1, and a test of the refusal asserts on that output itself.
     */
    static ChildProcess.Result runAnyExit(Path workDir, String mainClass, String stdin, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // a short-lived tool starts faster without the optimising compiler
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                mainClass));
        command.addAll(List.of(args));
        return ChildProcess.run(command, workDir, stdin, Duration.ofSeconds(60));
    }
}
