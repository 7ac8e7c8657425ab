package io.herald.broker.fuzz;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Sends one byte stream on a fresh connection, half-closes it, and checks the broker's side against an {@link
 * ExpectedExchange}: each due response arrives in order, is well formed (its header and body decode at the request's
 * version with no bytes left over) and carries the request's correlation id; then the broker closes the connection.
 * A read that waits longer than {@link #READ_TIMEOUT_MS} is a hang, except for a fetch that may long-poll.
 */
final class Exchange {
    static final int READ_TIMEOUT_MS = 5_000;
    private static final int MAX_RESPONSE_BYTES = 256 << 20;

    /** How an exchange ended; each is a pass. */
    enum Outcome {
        CLOSED_AS_DUE,
        CLOSED_AFTER_ACKS_ZERO,
        RESET_AFTER_REFUSED_FRAME,
        LEFT_LONG_POLLING
    }

    /** A broker behaviour the exchange forbids. */
    static final class Violation extends Exception {
        Violation(String message) {
            super(message);
        }
    }

    /** The connection ended inside a response. */
    private static final class Truncated extends Exception {
        Truncated(String message) {
            super(message);
        }
    }

    private Exchange() {}

    static Outcome run(InetSocketAddress broker, byte[] stream, ExpectedExchange expected)
            throws IOException, Violation {
        try (Socket socket = new Socket()) {
            socket.connect(broker, READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            send(socket, stream);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            boolean mayBeClosed = false;
            for (ExpectedExchange.Step step : expected.steps()) {
                switch (step) {
                    case ExpectedExchange.MayClose m -> mayBeClosed = true;
                    case ExpectedExchange.Respond respond -> {
                        if (respond.mayPark()) socket.setSoTimeout(ExpectedExchange.LONG_POLL_MS * 2);
                        ByteBuffer response;
                        try {
                            response = readResponse(in);
                        } catch (Truncated e) {
                            if (expected.closesWithInputUnread()) return Outcome.RESET_AFTER_REFUSED_FRAME;
                            throw new Violation(e.getMessage());
                        } catch (SocketTimeoutException e) {
                            if (respond.mayPark()) return Outcome.LEFT_LONG_POLLING;
                            throw new Violation("no response to " + respond + " within " + READ_TIMEOUT_MS + " ms");
                        }
                        if (response == null) {
                            if (mayBeClosed) return Outcome.CLOSED_AFTER_ACKS_ZERO;
                            if (expected.closesWithInputUnread()) return Outcome.RESET_AFTER_REFUSED_FRAME;
                            throw new Violation(
                                    "the broker closed the connection where a response was due: " + respond);
                        }
                        check(response, respond);
                        socket.setSoTimeout(READ_TIMEOUT_MS);
                    }
                }
            }
            try {
                int next = in.read();
                if (next >= 0) throw new Violation("bytes after the last due response (first byte " + next + ")");
            } catch (SocketTimeoutException e) {
                throw new Violation("the broker did not close the connection within " + READ_TIMEOUT_MS
                        + " ms of the end of the stream");
            } catch (SocketException e) {
                // reset: the broker closed with our bytes unread, which is a close
            }
            return mayBeClosed ? Outcome.CLOSED_AFTER_ACKS_ZERO : Outcome.CLOSED_AS_DUE;
        }
    }

    /** One well-formed request on a fresh connection, and its decoded response. */
    static AbstractResponse roundTrip(io.herald.broker.Broker broker, ApiKeys api, short version, ApiMessage body)
            throws IOException {
        try (Socket socket = new Socket(broker.host(), broker.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream().write(Frames.request(api, version, 42, "fuzz", body));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            ResponseHeader.parse(buffer, api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version));
            return AbstractResponse.parseResponse(api, new ByteBufferAccessor(buffer), version);
        }
    }

    private static void send(Socket socket, byte[] stream) throws IOException {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(stream);
            out.flush();
            socket.shutdownOutput();
        } catch (SocketException e) {
            // the broker closed early (a bad frame before the end of the stream); what it sent before is still read
        }
    }

    /** The next response's bytes after its size, or null at end of stream (or reset) between responses. */
    private static ByteBuffer readResponse(DataInputStream in) throws IOException, Violation, Truncated {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return null;
        }
        if (size < 4 || size > MAX_RESPONSE_BYTES) throw new Violation("response size " + size + " is not plausible");
        byte[] bytes = new byte[size];
        try {
            in.readFully(bytes);
        } catch (EOFException | SocketException e) {
            throw new Truncated("the connection ended inside a response of " + size + " bytes");
        }
        return ByteBuffer.wrap(bytes);
    }

    private static void check(ByteBuffer response, ExpectedExchange.Respond due) throws Violation {
        try {
            ResponseHeader header = ResponseHeader.parse(response, due.headerVersion());
            if (header.correlationId() != due.correlationId()) {
                throw new Violation("response correlation id " + header.correlationId() + " where " + due + " was due");
            }
            ByteBufferAccessor body = new ByteBufferAccessor(response);
            AbstractResponse.parseResponse(due.api(), body, due.version());
            if (body.remaining() != 0) {
                throw new Violation(body.remaining() + " bytes left after decoding the response to " + due);
            }
        } catch (RuntimeException e) {
            throw new Violation("the response to " + due + " does not decode: " + e);
        }
    }
}
