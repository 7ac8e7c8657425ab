package io.herald.broker.network;

import io.herald.broker.handler.ApiDispatcher;
import io.herald.broker.handler.KafkaErrors;
import io.herald.broker.handler.RequestContext;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served by its own virtual thread: read a request, handle it, write its response, in order, as
 * a Kafka broker does (its responses must leave in request order; Java clients reject a mismatched correlation id).
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
 * <p>Thread-safety: confined to its virtual thread, except {@link #close}, which the listener calls on shutdown.
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
        try {
            ByteBuffer frame;
            while ((frame = readFrame()) != null) {
                serving = true;
                boolean open = serve(frame);
                lastTrafficNanos = System.nanoTime();
                serving = false;
                if (!open) break;
                firstRequest = false;
            }
        } catch (BadFrameException e) {
            LOG.warn("closing connection from {}: {}", peer, e.getMessage());
        } catch (IOException e) {
            if (socket.isOpen()) LOG.debug("connection from {} failed: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.error("closing connection from {} after an unexpected error", peer, e);
        } finally {
            close();
            onClose.accept(this);
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

    /** Handles one request and writes its response; returns false when the connection must close. */
    private boolean serve(ByteBuffer frame) throws IOException {
        RequestHeader header = parseHeader(frame);
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        if (!dispatcher.accepts(api, version)) {
            if (api == ApiKeys.API_VERSIONS) {
                ApiVersionsRequest probe = new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0, version);
                write(probe.getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception()), header, (short) 0);
                return true;
            }
            throw new BadFrameException(api + " version " + version + " is not supported (client " + header.clientId()
                    + "); this broker supports "
                    + dispatcher.advertisedVersions().find(api.id));
        }
        AbstractRequest request = parseBody(header, frame);
        AbstractResponse response;
        try {
            response = dispatcher.dispatch(new RequestContext(header, peer), request);
        } catch (RuntimeException e) {
            Errors error = KafkaErrors.of(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) LOG.error("{} from {} failed", api, peer, e);
            if (isAcksZeroProduce(request)) return false;
            response = request.getErrorResponse(0, error.exception(KafkaErrors.message(e)));
        }
        if (response == null) return true; // acks=0
        Send send;
        try {
            send = toSend(response, header, version);
        } catch (RuntimeException e) {
            // A handler set a field this version cannot carry. Nothing is written yet, so the client still gets an
            // answer in order: the request's error response, which only carries fields every version has.
            LOG.error("{} v{} response to {} cannot be written; answering UNKNOWN_SERVER_ERROR", api, version, peer, e);
            send = toSend(request.getErrorResponse(0, Errors.UNKNOWN_SERVER_ERROR.exception()), header, version);
        }
        write(send);
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

    private void write(AbstractResponse response, RequestHeader header, short version) throws IOException {
        write(toSend(response, header, version));
    }

    /** Serializes the response whole (sizes and bytes, records aside) before anything goes on the wire. */
    private static Send toSend(AbstractResponse response, RequestHeader header, short version) {
        // An ApiVersions response header is always v0, whatever version was asked (the client cannot know the
        // broker's).
        ResponseHeader responseHeader = header.apiKey() == ApiKeys.API_VERSIONS
                ? new ResponseHeader(header.correlationId(), (short) 0)
                : header.toResponseHeader();
        return response.toSend(responseHeader, version);
    }

    private void write(Send send) throws IOException {
        while (!send.completed()) send.writeTo(out);
    }

    /** True when no request is being served and nothing was received or sent for {@code maxIdleNanos}. */
    boolean idleLongerThan(long maxIdleNanos, long nowNanos) {
        return !serving && nowNanos - lastTrafficNanos > maxIdleNanos;
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
