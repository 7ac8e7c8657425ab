package io.herald.broker.network;

import io.herald.broker.handler.ApiDispatcher;
import io.herald.broker.handler.RequestContext;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served by its own virtual thread: read a request, handle it, queue its response, one request
 * at a time as a Kafka broker does. A {@link ResponseWriter} sends the responses in request order (Java clients
 * reject a mismatched correlation id) as each completes, so a produce waiting for its fsync does not keep the
 * connection from reading and appending the producer's next in-flight batches.
 *
 * <p><b>Frames.</b> A request is an int32 size and that many bytes: a request header, then the body. The size is
 * checked before anything is allocated: at most {@code socket.request.max.bytes}, and at most {@link
 * #FIRST_REQUEST_MAX_BYTES} for the connection's first request, the cap Kafka applies before authentication, so that a
 * stray or hostile peer cannot make the broker allocate 100 MiB with four bytes. The buffer of a large frame starts
 * at {@link #INITIAL_FRAME_BYTES} and grows as the bytes arrive, so memory follows what a peer sends, not what it
 * claims.
 *
 * <p><b>Bad input.</b> An ApiVersions request at a version Herald does not know is answered with {@code
 * UNSUPPORTED_VERSION} and the ApiVersions range in a v0 body (KIP-511), so the client can retry lower. Anything else
 * that cannot be decoded (a bad size, an unknown API, an unsupported version of another API, a body that does not
 * parse) closes the connection with a log line naming the peer and the reason, as Kafka does; other connections are
 * not affected. A produce with {@code acks=0} gets no response, and on error the connection is closed, which is how
 * such a producer learns of it. A response that cannot be written at the request's version (a handler bug: a field the
 * version lacks) is logged and replaced by the request's {@code UNKNOWN_SERVER_ERROR} response, so the connection and
 * the order of its responses survive it.
 *
 * <p>Thread-safety: the reader state is confined to its virtual thread; {@link #close} and {@link #idleLongerThan} are
 * called by the listener, and the writer has its own thread.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Kafka's cap on a request before authentication ({@code SaslServerAuthenticator}'s 512 KiB). */
    static final int FIRST_REQUEST_MAX_BYTES = 512 * 1024;

    /** A frame's buffer starts at most this large and doubles as its bytes arrive. */
    static final int INITIAL_FRAME_BYTES = 1024 * 1024;

    private final SocketChannel socket;
    private final SocketAddress peer;
    private final ApiDispatcher dispatcher;
    private final int maxRequestBytes;
    private final SocketTransferChannel out;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private final Consumer<Connection> onClose;
    private boolean firstRequest = true;
    // read by the listener's idle reaper
    private volatile long lastTrafficNanos = System.nanoTime();
    private volatile boolean serving;
    private volatile ResponseWriter writer;

    Connection(SocketChannel socket, ApiDispatcher dispatcher, int maxRequestBytes, Consumer<Connection> onClose)
            throws IOException {
        this.socket = socket;
        this.peer = socket.getRemoteAddress();
        this.dispatcher = dispatcher;
        this.maxRequestBytes = maxRequestBytes;
        this.out = new SocketTransferChannel(socket);
        this.onClose = onClose;
    }

    @Override
    public void run() {
        ResponseWriter writer = new ResponseWriter(out, peer, () -> lastTrafficNanos = System.nanoTime());
        this.writer = writer;
        try {
            ByteBuffer frame;
            while ((frame = readFrame()) != null) {
                serving = true;
                boolean open = serve(frame, writer);
                lastTrafficNanos = System.nanoTime();
                serving = false;
                if (!open) break;
                firstRequest = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BadFrameException e) {
            LOG.warn("closing connection from {}: {}", peer, e.getMessage());
        } catch (IOException e) {
            if (socket.isOpen()) LOG.debug("connection from {} failed: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.error("closing connection from {} after an unexpected error", peer, e);
        } finally {
            finish(writer);
            close();
            onClose.accept(this);
        }
    }

    /** Lets the writer send the responses still queued (in order, before the close), then stops it. */
    private void finish(ResponseWriter writer) {
        try {
            writer.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the next frame, or returns null when the peer closed the connection between requests. */
    private ByteBuffer readFrame() throws IOException {
        sizeBuffer.clear();
        if (!readFully(sizeBuffer, true)) return null;
        int size = sizeBuffer.getInt(0);
        int cap = firstRequest ? Math.min(FIRST_REQUEST_MAX_BYTES, maxRequestBytes) : maxRequestBytes;
        if (size < 0 || size > cap) {
            throw new BadFrameException("request size " + size + " is outside 0.." + cap
                    + (firstRequest ? " (the cap on a connection's first request)" : " (socket.request.max.bytes)"));
        }
        ByteBuffer frame = ByteBuffer.allocate(Math.min(size, INITIAL_FRAME_BYTES));
        while (true) {
            readFully(frame, false);
            if (frame.position() == size) return frame.flip();
            // The bytes keep coming: grow towards the declared size, so a peer that only claims a large frame
            // cannot make the broker hold that much memory.
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(size, 2L * frame.capacity()));
            frame = grown.put(frame.flip());
        }
    }

    /** Fills {@code buffer}; returns false on a clean end of stream before the first byte when {@code eofAllowed}. */
    private boolean readFully(ByteBuffer buffer, boolean eofAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                if (eofAllowed && buffer.position() == 0) return false;
                throw new EOFException("connection closed in the middle of a request");
            }
            lastTrafficNanos = System.nanoTime();
        }
        return true;
    }

    /** Handles one request and queues its response; returns false when the connection must close. */
    private boolean serve(ByteBuffer frame, ResponseWriter writer) throws IOException, InterruptedException {
        RequestHeader header = parseHeader(frame);
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        if (!dispatcher.accepts(api, version)) {
            if (api == ApiKeys.API_VERSIONS) {
                ApiVersionsRequest probe = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version);
                AbstractResponse unsupported = probe.getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception());
                writer.enqueue(header, (short) 0, probe, CompletableFuture.completedFuture(unsupported));
                return true;
            }
            throw new BadFrameException(api + " version " + version + " is not supported (client " + header.clientId()
                    + "); this broker supports "
                    + dispatcher.advertisedVersions().find(api.id));
        }
        AbstractRequest request = parseBody(header, frame);
        CompletableFuture<AbstractResponse> response;
        try {
            response = dispatcher.dispatch(new RequestContext(header, peer), request);
        } catch (RuntimeException e) {
            if (isAcksZeroProduce(request)) {
                LOG.debug("closing connection from {}: acks=0 produce failed: {}", peer, e.toString());
                return false;
            }
            response = CompletableFuture.failedFuture(e);
        }
        if (isAcksZeroProduce(request)) return true; // no response, ever
        writer.enqueue(header, version, request, response);
        return true;
    }

    private RequestHeader parseHeader(ByteBuffer frame) {
        try {
            return RequestHeader.parse(frame);
        } catch (InvalidRequestException | IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new BadFrameException("cannot parse the request header: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new BadFrameException("cannot parse the request header: " + e);
        }
    }

    private AbstractRequest parseBody(RequestHeader header, ByteBuffer frame) {
        try {
            return AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(frame))
                    .request;
        } catch (RuntimeException e) {
            throw new BadFrameException("cannot parse " + header.apiKey() + " v" + header.apiVersion()
                    + " request (correlation id " + header.correlationId() + "): " + e.getMessage());
        }
    }

    private static boolean isAcksZeroProduce(AbstractRequest request) {
        return request instanceof ProduceRequest produce && produce.acks() == 0;
    }

    /** True when no request is being served and nothing was received or sent for {@code maxIdleNanos}. */
    boolean idleLongerThan(long maxIdleNanos, long nowNanos) {
        ResponseWriter w = writer;
        return !serving && (w == null || !w.busy()) && nowNanos - lastTrafficNanos > maxIdleNanos;
    }

    SocketAddress peer() {
        return peer;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing connection from {} failed", peer, e);
        }
    }

    /** A request that cannot be decoded; the connection is closed. */
    private static final class BadFrameException extends RuntimeException {
        BadFrameException(String message) {
            super(message, null, false, false);
        }
    }
}
