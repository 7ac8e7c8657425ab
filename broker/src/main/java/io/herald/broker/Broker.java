package io.herald.broker;

/**
 * One Herald broker: the Kafka-protocol listener, the topics and their partition logs, producer state. {@link #start}
 * opens the data directory (recovering it after a crash), binds the listener and returns once clients can connect;
 * {@link #close} stops accepting, closes connections, and closes every log cleanly (flush, clean-shutdown marker).
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class Broker implements AutoCloseable {
    private final BrokerConfig config;

    private Broker(BrokerConfig config) {
        this.config = config;
    }

    /** Opens {@code config.dataDir()}, binds the listener and starts serving. */
    public static Broker start(BrokerConfig config) {
        throw new UnsupportedOperationException("the broker is being built (issue 3)");
    }

    public BrokerConfig config() {
        return config;
    }

    /** The host the listener is bound to. */
    public String host() {
        throw new UnsupportedOperationException("the broker is being built (issue 3)");
    }

    /** The port the listener is bound to: the configured one, or the free port picked for port 0. */
    public int port() {
        throw new UnsupportedOperationException("the broker is being built (issue 3)");
    }

    /** {@code host:port}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return host() + ":" + port();
    }

    /** The cluster id, generated on the first start and kept in {@code meta.properties}. */
    public String clusterId() {
        throw new UnsupportedOperationException("the broker is being built (issue 3)");
    }

    @Override
    public void close() {}
}
