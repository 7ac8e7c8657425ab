package io.herald.broker.group;

/**
 * Runs the coordinator's deadlines (join completion, session expiry, pending sync) after a delay, one task per key: a
 * task scheduled under a key replaces the one waiting under it. Tasks run one at a time, never on the caller's thread.
 */
interface GroupTimer extends AutoCloseable {

    void schedule(String key, long delayMs, Runnable task);

    void cancel(String key);

    @Override
    void close();
}
