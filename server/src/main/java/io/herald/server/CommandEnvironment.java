package io.herald.server;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * What a command may read from the process around it: the environment variables, standard input, the stop signal and
 * the clock. {@link Herald#main} passes the real ones; tests pass their own, so no test depends on the real
 * environment or sends itself signals.
 *
 * @param variables the environment variables ({@code HERALD_*} among them)
 * @param stdin standard input, read by {@code herald produce}
 * @param stop tells a long-running command (the server, a following consumer) to stop
 * @param clock the clock the server's ready time is measured with
 * @param startedAt when the process (or, in a test, the command) started
 */
public record CommandEnvironment(
        Map<String, String> variables, InputStream stdin, StopSignal stop, Clock clock, Instant startedAt) {

    public CommandEnvironment {
        variables = Map.copyOf(variables);
    }

    /**
     * The real process: its environment, {@code System.in}, SIGINT/SIGTERM, and the JVM's start time (not the
     * process's: {@code bin/herald} execs the JVM after it may have spent a while building).
     */
    static CommandEnvironment ofProcess() {
        Clock clock = Clock.systemUTC();
        Instant startedAt =
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return new CommandEnvironment(System.getenv(), System.in, new OsSignals(), clock, startedAt);
    }
}
