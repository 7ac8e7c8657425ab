package io.herald.broker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A bare Kafka-protocol connection for tests that must send exact requests (a batch with chosen producer fields, a
 * retry of the very same bytes): writes a size-prefixed request built by kafka-clients and parses the response.
 */
final class RawKafkaConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    RawKafkaConnection(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Sends {@code request} at its own version and returns the parsed response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
        ApiKeys api = request.apiKey();
        RequestHeader header = new RequestHeader(api, request.version(), "raw-test", ++correlationId);
        ByteBuffer body = request.serializeWithHeader(header);
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining())
                .putInt(body.remaining())
                .put(body)
                .flip();
        out.write(frame.array(), 0, frame.limit());
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
