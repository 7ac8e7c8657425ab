package io.herald.client;

import java.time.Duration;

/**
 * Waits between retries. The default blocks the handler's virtual thread; tests inject one that records the delays and
 * returns at once, so they never wait for real time.
 */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread (a virtual thread) for {@code duration}. */
    Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration);

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException if the subscriber is closing and abandons the handler
     */
    void sleep(Duration duration) throws InterruptedException;
}
