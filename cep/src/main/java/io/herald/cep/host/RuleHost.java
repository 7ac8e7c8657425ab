package io.herald.cep.host;

import io.herald.cep.runner.RuleRunner;
import io.herald.cep.runner.RunnerSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules the rules topic wants on this process: one {@link RuleRunner} per running rule, started, stopped
 * and restarted one rule at a time as records arrive, so a change to one rule touches no other runner. A new
 * version's runner is a new consumer group ({@code herald-cep.<rule>.v<version>}) starting at the version's start
 * point; a resumed rule's runner rejoins its version's group and continues from its committed offsets. Hosts in
 * several processes share each rule's partitions through that group.
 *
 * <p>Thread-safety: {@link #apply} is called by one thread (the rules topic's reader); {@link #status} and
 * {@link #close} from any thread. {@code hosted} is a concurrent map; each entry is immutable.
 */
final class RuleHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleHost.class);

    private final RunnerSettings settings;
    private final Map<String, Hosted> hosted = new ConcurrentHashMap<>();

    /** A runner of a rule version, or why there is none. */
    private record Hosted(DeployedRule rule, RuleRunner runner, String startFailure) {
        boolean live() {
            return runner != null && !runner.done().isDone();
        }
    }

    RuleHost(RunnerSettings settings) {
        this.settings = settings;
    }

    /** The topic now wants {@code wanted} for rule {@code name} (null: dropped). */
    void apply(String name, DeployedRule wanted) {
        Hosted current = hosted.get(name);
        DeployedRule running = current != null && current.live() ? current.rule() : null;
        switch (HostAction.between(running, wanted)) {
            case HostAction.Keep k -> {
                if (current != null && !current.live() && (wanted == null || wanted.state() == RuleState.PAUSED)) {
                    hosted.remove(name); // a failed runner of a rule that is now paused or dropped
                }
            }
            case HostAction.Stop s -> stop(name);
            case HostAction.Start s -> start(s.rule());
            case HostAction.Restart r -> {
                stop(name);
                start(r.rule());
            }
        }
    }

    private void start(DeployedRule rule) {
        try {
            RuleRunner runner = RuleRunner.start(rule.plan(), settings, rule.from());
            hosted.put(rule.name(), new Hosted(rule, runner, null));
            LOG.info(
                    "rule {} v{} started from {}",
                    rule.name(),
                    rule.version(),
                    rule.from().text());
        } catch (RuntimeException e) {
            hosted.put(rule.name(), new Hosted(rule, null, String.valueOf(e.getMessage())));
            LOG.error("rule {} v{} could not start: {}", rule.name(), rule.version(), e.getMessage());
        }
    }

    private void stop(String name) {
        Hosted current = hosted.remove(name);
        if (current != null && current.runner() != null) {
            current.runner().close();
            LOG.info("rule {} v{} stopped", name, current.rule().version());
        }
    }

    /** What this host does for {@code rule}: whether a runner of its version lives here, its figures, its failure. */
    RuleStatus status(DeployedRule rule) {
        Hosted current = hosted.get(rule.name());
        if (current == null || current.rule().version() != rule.version()) {
            return new RuleStatus(rule, false, Optional.empty(), Optional.empty());
        }
        if (current.runner() == null) {
            return new RuleStatus(rule, false, Optional.empty(), Optional.of(current.startFailure()));
        }
        RuleRunner runner = current.runner();
        Optional<String> failure = Optional.empty();
        if (runner.done().isCompletedExceptionally()) {
            Throwable cause = runner.done().exceptionNow();
            failure = Optional.of(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        }
        return new RuleStatus(rule, current.live(), Optional.of(runner.stats()), failure);
    }

    /** Stops every runner. */
    @Override
    public void close() {
        for (String name : hosted.keySet()) {
            stop(name);
        }
    }
}
