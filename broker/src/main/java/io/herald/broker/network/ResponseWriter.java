package io.herald.broker.network;

import io.herald.broker.handler.KafkaErrors;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a connection's responses in the order its requests arrived, on its own virtual thread, so that the
 * connection can read and handle the next request while an earlier response still waits (a produce waiting for its
 * fsync). Kafka clients pipeline up to {@code max.in.flight.requests.per.connection} (5) requests, and this is what
 * lets one fsync cover all of them. At most {@link #MAX_IN_FLIGHT} responses wait; the reader blocks beyond that.
 *
 * <p>A response that cannot be written at its version (a handler set a field the version lacks) is replaced by the
 * request's error response, so the client still gets an answer in order. A write that fails closes the socket, which
 * ends the reader too.
 *
 * <p>Thread-safety: {@link #enqueue} and {@link #finish} are called by the connection's reader thread, {@link #busy}
 * by the listener's idle reaper; everything else runs on the writer thread.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    static final int MAX_IN_FLIGHT = 16;

    /** A response to write, once {@code response} completes; {@link #END} marks the end of the connection. */
    private record Pending(
            RequestHeader header,
            short version,
            AbstractRequest request,
            CompletableFuture<AbstractResponse> response) {}

    private static final Pending END = new Pending(null, (short) 0, null, null);

    private final SocketTransferChannel out;
    private final SocketAddress peer;
    private final Runnable onWritten;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean writing;

    ResponseWriter(SocketTransferChannel out, SocketAddress peer, Runnable onWritten) {
        this.out = out;
        this.peer = peer;
        this.onWritten = onWritten;
        this.thread = Thread.ofVirtual().name("herald-kafka-writer-" + peer).start(this::run);
    }

    /** Queues the response to {@code request}; blocks while {@link #MAX_IN_FLIGHT} responses are waiting. */
    void enqueue(RequestHeader header, short version, AbstractRequest request, CompletableFuture<AbstractResponse> r)
            throws IOException, InterruptedException {
        put(new Pending(header, version, request, r));
    }

    /** True while a response is waiting or being written. */
    boolean busy() {
        return writing || !queue.isEmpty();
    }

    /** Writes what is queued, then stops; returns once the writer thread has ended. */
    void finish() throws InterruptedException {
        try {
            put(END);
        } catch (IOException e) {
            return; // the writer has stopped already
        }
        thread.join();
    }

    private void put(Pending pending) throws IOException, InterruptedException {
        while (!queue.offer(pending, 100, TimeUnit.MILLISECONDS)) {
            if (!thread.isAlive()) throw new IOException("the connection to " + peer + " can no longer be written");
        }
    }

    private void run() {
        try {
            while (true) {
                Pending next = queue.take();
                if (next == END) return;
                writing = true;
                write(next);
                writing = false;
                onWritten.run();
            }
        } catch (IOException e) {
            if (out.isOpen()) LOG.debug("writing to {} failed: {}", peer, e.toString());
            closeQuietly();
        } catch (InterruptedException e) {
            closeQuietly();
        }
    }

    private void write(Pending pending) throws IOException {
        AbstractResponse response;
        try {
            response = pending.response.join();
        } catch (RuntimeException e) {
            Errors error = KafkaErrors.of(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) LOG.error("{} from {} failed", pending.header.apiKey(), peer, e);
            response = pending.request.getErrorResponse(0, error.exception(KafkaErrors.message(e)));
        }
        if (response == null) return; // acks=0
        Send send;
        try {
            send = toSend(response, pending.header, pending.version);
        } catch (RuntimeException e) {
            LOG.error(
                    "{} v{} response to {} cannot be written; answering UNKNOWN_SERVER_ERROR",
                    pending.header.apiKey(),
                    pending.version,
                    peer,
                    e);
            send = toSend(
                    pending.request.getErrorResponse(0, Errors.UNKNOWN_SERVER_ERROR.exception()),
                    pending.header,
                    pending.version);
        }
        while (!send.completed()) send.writeTo(out);
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

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing connection from {} failed", peer, e);
        }
    }
}
