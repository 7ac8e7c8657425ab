package io.herald.server;

import io.herald.broker.Broker;
import io.herald.cep.host.HostedRules;
import io.herald.registry.SchemaRegistry;
import io.herald.server.http.HttpListener;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes the HTTP listener, the hosted rules' runners, the schema registry, then the broker (the others are its
 * clients), once, from whichever thread asks first: the server's main thread after a stop signal, or the
 * JVM's shutdown hook. A later caller waits until the first has finished closing, so the JVM never exits halfway
 * through a clean shutdown.
 *
 * <p>Thread-safety: {@link #stop} may be called from any thread.
 */
final class Stopper {
    private final HttpListener http;
    private final HostedRules rules;
    private final SchemaRegistry registry;
    private final Broker broker;
    private final PrintWriter out;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Stopper(HttpListener http, HostedRules rules, SchemaRegistry registry, Broker broker, PrintWriter out) {
        this.http = http;
        this.rules = rules;
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
            http.close();
            rules.close();
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
