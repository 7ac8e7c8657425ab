package io.herald.server;

import io.herald.broker.Broker;
import io.herald.registry.SchemaRegistry;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes the schema registry, then the broker, once, from whichever thread asks first: the server's main thread after a stop signal, or the
 * JVM's shutdown hook. A later caller waits until the first has finished closing, so the JVM never exits halfway
 * through a clean shutdown.
 *
 * <p>Thread-safety: {@link #stop} may be called from any thread.
 */
final class Stopper {
    private final SchemaRegistry registry;
    private final Broker broker;
    private final PrintWriter out;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Stopper(SchemaRegistry registry, Broker broker, PrintWriter out) {
        this.registry = registry;
        this.broker = broker;
        this.out = out;
    }

    void stop() {
        if (!started.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            // the registry is a client of the broker: it goes first
            registry.close();
            broker.close();
            out.println("herald: stopped");
            out.flush();
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
