package io.herald.broker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * A blocking one-request-at-a-time Kafka client over a plain socket, for APIs or versions the Java Admin no longer
 * sends (the legacy AlterConfigs, DeleteTopics by name at v5): frames a request built by kafka-clients and parses the
 * response.
 */
final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    RawKafkaClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code request} at its version and returns the parsed response. */
    AbstractResponse send(AbstractRequest request) throws IOException {
        return send(request.apiKey(), request.version(), request.data());
    }

    /** Sends the request body {@code data} of {@code api} at {@code version}, however old, and parses the response. */
    AbstractResponse send(ApiKeys api, short version, ApiMessage data) throws IOException {
        RequestHeader header = new RequestHeader(api, version, "raw-test-client", ++correlationId);
        ByteBuffer body = RequestUtils.serialize(header.data(), header.headerVersion(), data, version);
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining());
        frame.putInt(body.remaining()).put(body).flip();
        out.write(frame.array(), 0, frame.limit());
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
