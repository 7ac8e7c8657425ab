package io.herald.server;

import java.util.ArrayList;
import java.util.List;

/** A {@link StopSignal} a test fires itself; actions registered after the stop run at once. */
public final class ManualStop implements StopSignal {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean stopped;

    @Override
    public synchronized void onStop(Runnable action) {
        if (stopped) {
            Thread.ofVirtual().start(action);
        } else {
            actions.add(action);
        }
    }

    /** Runs every registered action, each on its own thread, as a signal handler would. */
    public synchronized void stop() {
        stopped = true;
        actions.forEach(action -> Thread.ofVirtual().start(action));
        actions.clear();
    }
}
