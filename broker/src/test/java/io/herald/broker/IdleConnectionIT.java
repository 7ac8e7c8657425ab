package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class IdleConnectionIT {
    @TempDir
    Path dataDir;

    @Test
    void aConnectionWithNoTrafficPastConnectionsMaxIdleMsIsClosed() throws Exception {
        try (Broker broker = Broker.start(BrokerConfig.fromProperties(
                                Map.of("listeners", "PLAINTEXT://127.0.0.1:0", "connections.max.idle.ms", "300"))
                        .withDataDir(dataDir));
                RawKafkaConnection connection = new RawKafkaConnection(broker.host(), broker.port())) {
            ApiVersionsResponse first = connection.send(
                    new ApiVersionsRequestData()
                            .setClientSoftwareName("herald-test")
                            .setClientSoftwareVersion("1.0"),
                    (short) 3);
            assertThat(Errors.forCode(first.data().errorCode())).isEqualTo(Errors.NONE);

            assertThat(connection.closedByBroker()).isTrue();
        }
    }
}
