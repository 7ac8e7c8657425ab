package io.herald.broker;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * A bare Kafka protocol connection for tests: requests built from kafka-clients' generated message classes at exactly
 * the version a test names (no negotiation, no client-side version checks), framed by hand over a blocking socket, one
 * request at a time. {@link #sendFrame} sends arbitrary bytes, for requests kafka-clients refuses to write.
 *
 * <p>Not thread-safe. Every read times out after 10 s.
 */
final class RawKafkaConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private int correlationId;

    RawKafkaConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends {@code body} as a request at {@code version} and returns the parsed response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(ApiMessage body, short version) throws IOException {
        ApiKeys api = ApiKeys.forId(body.apiKey());
        RequestHeader header = new RequestHeader(api, version, "raw-it", ++correlationId);
        sendFrame(RequestUtils.serialize(header.data(), header.headerVersion(), body, version));
        ByteBuffer response = readFrame();
        if (response == null) throw new EOFException(api + " v" + version + ": the broker closed the connection");
        return (R) AbstractResponse.parseResponse(response, header);
    }

    /** Writes the size prefix and {@code frame}. */
    void sendFrame(ByteBuffer frame) throws IOException {
        ByteBuffer sized = ByteBuffer.allocate(4 + frame.remaining());
        sized.putInt(frame.remaining()).put(frame.duplicate()).flip();
        socket.getOutputStream().write(sized.array(), 0, sized.limit());
        socket.getOutputStream().flush();
    }

    /** Reads one response frame without its size prefix, or returns null when the broker closed the connection. */
    ByteBuffer readFrame() throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** True when the broker closes the connection within the read timeout without sending anything more. */
    boolean closedByBroker() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the broker
        }
    }

    int lastCorrelationId() {
        return correlationId;
    }

    int nextCorrelationId() {
        return ++correlationId;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
