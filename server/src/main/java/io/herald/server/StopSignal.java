package io.herald.server;

/**
 * Tells a long-running command that it should stop: SIGINT or SIGTERM for the real process ({@link OsSignals}), a
 * method call in tests.
 *
 * <p>Thread-safety: {@link #onStop} may be called from any thread; the action runs on another thread.
 */
public interface StopSignal {

    /** Runs {@code action} once, on another thread, when a stop is requested. */
    void onStop(Runnable action);
}
