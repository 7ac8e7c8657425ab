package io.herald.cep.host;

import io.herald.cep.runner.RuleRunner;
import io.herald.cep.runner.RunnerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules the rules topic wants on this process: one {@link RuleRunner} per running rule, started, stopped
 * and restarted one rule at a time as records arrive, so a change to one rule touches no other runner. A new
 * version's runner is a new consumer group ({@code herald-cep.<rule>.v<version>}) starting at the version's start
 * point; a resumed rule's runner rejoins its version's group and continues from its committed offsets. Hosts in
 * several processes share each rule's partitions through that group.
 *
 * <p>A runner that fails, or cannot start, is started again after a wait ({@link RestartBackoff}: 1 s doubling to
 * 1 min by default), without waiting for a record of its rule; a record of the rule (a new version, a pause, a
 * drop) replaces the failed runner and its planned restart at once.
 *
 * <pre>
 *   record wants it ──► Running ──runner fails──► Failed(failures n, restart at t) ──t──► Running (n carried)
 *                           ▲                        │                                      │
 *                           └── record wants it ◄────┘ (start now, n = 0)     fails again: n + 1, or 1 if it
 *                                                                             stayed up for stableAfter
 * </pre>
 *
 * <p>Thread-safety: one thread, {@code herald-cep-host}, starts and stops runners and writes {@code hosted}:
 * {@link #apply} (called by the rules topic's reader) hands it the change and waits for it, so a write is applied
 * when it returns; a runner's failure and a planned restart are tasks on the same thread. {@link #status} reads
 * {@code hosted} (a concurrent map of immutable entries) from any thread; {@link #close} from any thread.
 */
final class RuleHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleHost.class);

    private final RunnerSettings settings;
    private final Clock clock;
    private final RestartBackoff backoff;
    private final Map<String, Hosted> hosted = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor loop;

    /** What this host has for one rule version. */
    private sealed interface Hosted {
        DeployedRule rule();

        /** A runner was started at {@code startedAt} after {@code failuresBefore} failed runs in a row. */
        record Running(DeployedRule rule, RuleRunner runner, Instant startedAt, int failuresBefore) implements Hosted {}

        /** No runner: the last run failed ({@code failures} in a row); the next start is planned at {@code restartAt}. */
        record Failed(DeployedRule rule, String reason, int failures, Instant restartAt) implements Hosted {}
    }

    RuleHost(RunnerSettings settings, Clock clock, RestartBackoff backoff) {
        this.settings = settings;
        this.clock = clock;
        this.backoff = backoff;
        this.loop = new ScheduledThreadPoolExecutor(
                1, task -> Thread.ofPlatform().name("herald-cep-host").daemon().unstarted(task));
        this.loop.setRemoveOnCancelPolicy(true);
        this.loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The topic now wants {@code wanted} for rule {@code name} (null: dropped); returns once applied. */
    void apply(String name, DeployedRule wanted) {
        Future<?> applied = loop.submit(() -> onRecord(name, wanted));
        try {
            applied.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("rule " + name + " could not be applied: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onRecord(String name, DeployedRule wanted) {
        Hosted current = hosted.get(name);
        DeployedRule running = current instanceof Hosted.Running r && live(r) ? r.rule() : null;
        switch (HostAction.between(running, wanted)) {
            case HostAction.Keep k -> {
                if (current != null && running == null && (wanted == null || wanted.state() == RuleState.PAUSED)) {
                    stop(name); // a failed runner of a rule that is now paused or dropped
                }
            }
            case HostAction.Stop s -> stop(name);
            case HostAction.Start s -> {
                stop(name); // a failed runner's remains
                start(s.rule(), 0);
            }
            case HostAction.Restart r -> {
                stop(name);
                start(r.rule(), 0);
            }
        }
    }

    private void start(DeployedRule rule, int failuresBefore) {
        Instant startedAt = clock.instant();
        RuleRunner runner;
        try {
            runner = RuleRunner.start(rule.plan(), settings, rule.from());
        } catch (RuntimeException e) {
            failed(rule, String.valueOf(e.getMessage()), failuresBefore + 1);
            return;
        }
        Hosted.Running running = new Hosted.Running(rule, runner, startedAt, failuresBefore);
        hosted.put(rule.name(), running);
        LOG.info(
                "rule {} v{} started from {}{}",
                rule.name(),
                rule.version(),
                rule.from().text(),
                failuresBefore == 0 ? "" : " after " + failuresBefore + " failed run(s)");
        runner.done().whenComplete((ignored, failure) -> {
            if (failure != null) {
                try {
                    loop.execute(() -> onRunnerFailed(running, failure));
                } catch (RejectedExecutionException e) {
                    // the host is closing: nothing to restart
                }
            }
        });
    }

    private void onRunnerFailed(Hosted.Running run, Throwable failure) {
        if (hosted.get(run.rule().name()) != run) {
            return; // stopped or replaced since: its failure is not this host's concern any more
        }
        run.runner().close(); // already ended; releases nothing more, but waits for its thread
        String reason = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        failed(run.rule(), reason, backoff.failuresAfter(run.failuresBefore(), run.startedAt(), clock.instant()));
    }

    private void failed(DeployedRule rule, String reason, int failures) {
        Instant now = clock.instant();
        Instant restartAt =
                backoff.nextStartAt(failures, now, ThreadLocalRandom.current().nextDouble());
        Hosted.Failed entry = new Hosted.Failed(rule, reason, failures, restartAt);
        hosted.put(rule.name(), entry);
        LOG.error(
                "rule {} v{} failed ({} in a row), restart at {}: {}",
                rule.name(),
                rule.version(),
                failures,
                restartAt,
                reason);
        long delayMs = Math.max(0, Duration.between(now, restartAt).toMillis());
        loop.schedule(() -> onRestartDue(entry), delayMs, TimeUnit.MILLISECONDS);
    }

    private void onRestartDue(Hosted.Failed entry) {
        if (hosted.get(entry.rule().name()) == entry) { // else a record replaced it: that start already happened
            start(entry.rule(), entry.failures());
        }
    }

    private void stop(String name) {
        Hosted current = hosted.remove(name);
        if (current instanceof Hosted.Running r) {
            r.runner().close();
            LOG.info("rule {} v{} stopped", name, r.rule().version());
        }
    }

    private static boolean live(Hosted.Running run) {
        return !run.runner().done().isDone();
    }

    /** What this host does for {@code rule}: whether a runner of its version lives here, its figures, its failure. */
    RuleStatus status(DeployedRule rule) {
        Hosted current = hosted.get(rule.name());
        if (current == null || current.rule().version() != rule.version()) {
            return new RuleStatus(rule, false, Optional.empty(), Optional.empty());
        }
        return switch (current) {
            case Hosted.Failed f ->
                new RuleStatus(
                        rule,
                        false,
                        Optional.empty(),
                        Optional.of(f.reason()),
                        f.failures(),
                        Optional.of(f.restartAt()));
            case Hosted.Running r -> {
                Optional<String> failure = Optional.empty();
                if (r.runner().done().isCompletedExceptionally()) { // the restart is being planned
                    Throwable cause = r.runner().done().exceptionNow();
                    failure = Optional.of(cause.getMessage() != null ? cause.getMessage() : cause.toString());
                }
                boolean stable = !Duration.between(r.startedAt(), clock.instant())
                        .minus(backoff.stableAfter())
                        .isNegative();
                yield new RuleStatus(
                        rule,
                        live(r),
                        Optional.of(r.runner().stats()),
                        failure,
                        stable ? 0 : r.failuresBefore(),
                        Optional.empty());
            }
        };
    }

    /** Stops every runner and drops the planned restarts. */
    @Override
    public void close() {
        try {
            loop.submit(() -> {
                        for (String name : hosted.keySet()) {
                            stop(name);
                        }
                        hosted.clear();
                    })
                    .get();
        } catch (ExecutionException | RejectedExecutionException e) {
            LOG.warn("stopping the rule runners: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownNow();
        }
    }
}
