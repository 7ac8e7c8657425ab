package io.herald.cep.host;

import io.herald.cep.runner.CheckpointTombstones;
import io.herald.cep.runner.RunnerSettings;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the checkpoints of retired consumer groups ({@link RetiredGroups}) through {@link CheckpointTombstones},
 * after this host's runners of them stopped. While the rules topic is replayed at start the groups are only
 * gathered, and deleted in one pass of the checkpoint topic once the replay is over ({@link #replayed}): a replay
 * holds many old changes, and one pass per change would read the checkpoint topic as many times. A failure is logged
 * and left: the checkpoints stay, ignored as before (their group has no committed offsets after a drop, and an old
 * version's group never runs again).
 *
 * <p>Thread-safety: {@link #retire} is called by the rules topic's reader thread, {@link #replayed} once by the
 * thread that started the host; {@code lock} guards {@code pending} and {@code live} (never held across I/O).
 */
final class CheckpointCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCleanup.class);

    private final RunnerSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> pending = new TreeSet<>();
    private boolean live;

    CheckpointCleanup(RunnerSettings settings) {
        this.settings = settings;
    }

    /** The groups' runners on this host stopped: deletes their checkpoints now, or after the replay. */
    void retire(List<String> groups) {
        if (groups.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (!live) {
                pending.addAll(groups);
                return;
            }
        } finally {
            lock.unlock();
        }
        delete(groups);
    }

    /** The start-up replay is over: deletes what it retired, and from now on each change's groups at once. */
    void replayed() {
        List<String> groups;
        lock.lock();
        try {
            live = true;
            groups = List.copyOf(pending);
            pending.clear();
        } finally {
            lock.unlock();
        }
        if (!groups.isEmpty()) {
            delete(groups);
        }
    }

    private void delete(List<String> groups) {
        try {
            int tombstones = CheckpointTombstones.write(settings, groups);
            if (tombstones > 0) {
                LOG.info(
                        "deleted the checkpoints of {} ({} tombstones in {})",
                        groups,
                        tombstones,
                        settings.checkpointTopic());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "the checkpoints of {} stay in {} (ignored by any later runner): {}",
                    groups,
                    settings.checkpointTopic(),
                    e.getMessage());
        }
    }
}
