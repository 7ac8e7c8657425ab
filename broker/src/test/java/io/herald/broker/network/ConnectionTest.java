package io.herald.broker.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.handler.ApiDispatcher;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One {@link Connection} over loopback, served by a dispatcher of stub handlers. */
@Timeout(30)
class ConnectionTest {
    ServerSocketChannel server;
    Socket client;
    Thread serving;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = new Socket();
        client.connect(server.getLocalAddress());
        client.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        if (serving != null) serving.join();
        server.close();
    }

    /** A handler bug: leader_epoch set on a ListOffsets answer at v2, which has no such field. */
    @Test
    void responseThatCannotBeWrittenAtTheRequestVersionIsAnsweredWithAnErrorAndTheConnectionServesOn()
            throws Exception {
        serve(ApiDispatcher.builder()
                .route(
                        ApiKeys.LIST_OFFSETS,
                        (context, request) -> new ListOffsetsResponse(new ListOffsetsResponseData()
                                .setTopics(List.of(new ListOffsetsResponseData.ListOffsetsTopicResponse()
                                        .setName("t")
                                        .setPartitions(
                                                List.of(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                                                        .setLeaderEpoch(0)))))))
                .build());

        send(listOffsets(1));
        send(listOffsets(2));

        for (int correlationId : new int[] {1, 2}) {
            ListOffsetsResponse response = (ListOffsetsResponse) receive(correlationId);
            assertThat(response.errorCounts()).containsOnlyKeys(Errors.UNKNOWN_SERVER_ERROR);
        }
    }

    private void serve(ApiDispatcher dispatcher) throws IOException {
        SocketChannel accepted = server.accept();
        Connection connection = new Connection(accepted, dispatcher, 1 << 20, c -> {});
        serving = Thread.ofVirtual().start(connection);
    }

    private static byte[] listOffsets(int correlationId) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(ApiKeys.LIST_OFFSETS.id)
                .setRequestApiVersion((short) 2)
                .setCorrelationId(correlationId)
                .setClientId("test");
        ListOffsetsRequestData body = new ListOffsetsRequestData()
                .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic()
                        .setName("t")
                        .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()))));
        ByteBuffer payload = RequestUtils.serialize(header, (short) 1, body, (short) 2);
        return ByteBuffer.allocate(4 + payload.remaining())
                .putInt(payload.remaining())
                .put(payload)
                .array();
    }

    private void send(byte[] frame) throws IOException {
        client.getOutputStream().write(frame);
    }

    private AbstractResponse receive(int correlationId) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(ResponseHeader.parse(buffer, (short) 0).correlationId()).isEqualTo(correlationId);
        return AbstractResponse.parseResponse(ApiKeys.LIST_OFFSETS, new ByteBufferAccessor(buffer), (short) 2);
    }
}
