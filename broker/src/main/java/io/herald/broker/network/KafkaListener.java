package io.herald.broker.network;

import io.herald.broker.handler.ApiDispatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka-protocol listener: accepts connections on one address and gives each its own virtual thread ({@link
 * Connection}). {@link #close} stops accepting, closes every open connection and waits for their threads.
 *
 * <p>Thread-safety: the accept loop runs on its own virtual thread; {@code open} is a concurrent set that connections
 * leave when they end; {@link #close} may be called from any thread.
 */
public final class KafkaListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaListener.class);

    private final ServerSocketChannel server;
    private final int maxRequestBytes;
    private final long maxIdleNanos;
    private volatile ApiDispatcher dispatcher;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread idleReaper;

    private KafkaListener(ServerSocketChannel server, int maxRequestBytes, long maxIdleMs) {
        this.server = server;
        this.maxRequestBytes = maxRequestBytes;
        this.maxIdleNanos = TimeUnit.MILLISECONDS.toNanos(maxIdleMs);
        this.idleReaper = Thread.ofVirtual().name("herald-kafka-idle-reaper").unstarted(this::reapIdleConnections);
        this.acceptor = Thread.ofVirtual().name("herald-kafka-acceptor").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) without accepting yet, so that the bound address can go into
     * the handlers (Metadata advertises it) before the first client arrives.
     */
    public static KafkaListener bind(String host, int port, int maxRequestBytes, long maxIdleMs) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException(
                    "cannot listen on " + host + ":" + port + ": " + e.getMessage()
                            + "; is another broker running there? choose another port with --port",
                    e);
        }
        return new KafkaListener(server, maxRequestBytes, maxIdleMs);
    }

    /** Starts accepting connections, each served through {@code requests}. */
    public void start(ApiDispatcher requests) {
        this.dispatcher = requests;
        acceptor.start();
        idleReaper.start();
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting a connection failed: {}", e.toString());
                continue;
            }
            try {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection connection = new Connection(socket, dispatcher, maxRequestBytes, open::remove);
                open.add(connection);
                Thread thread = Thread.ofVirtual()
                        .name("herald-kafka-" + socket.getRemoteAddress())
                        .unstarted(() -> {
                            try {
                                connection.run();
                            } finally {
                                threads.remove(Thread.currentThread());
                            }
                        });
                threads.add(thread);
                thread.start();
            } catch (IOException e) {
                LOG.warn("setting up a connection failed: {}", e.toString());
                closeQuietly(socket);
            }
        }
    }

    /**
     * Closes connections that sent and received nothing for {@code connections.max.idle.ms}, as Kafka does, so that
     * clients that vanished without a FIN do not hold a thread and a socket forever.
     */
    private void reapIdleConnections() {
        long checkEveryMs = Math.max(1, Math.min(30_000, TimeUnit.NANOSECONDS.toMillis(maxIdleNanos) / 4));
        while (server.isOpen()) {
            try {
                Thread.sleep(checkEveryMs);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection connection : open) {
                if (connection.idleLongerThan(maxIdleNanos, now)) {
                    LOG.info("closing connection from {}: idle past connections.max.idle.ms", connection.peer());
                    connection.close();
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        idleReaper.interrupt();
        try {
            if (acceptor.isAlive()) acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(Connection::close);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("close failed", e);
        }
    }
}
