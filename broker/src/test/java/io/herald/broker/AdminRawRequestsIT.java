package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Admin requests the Java Admin never sends as such: all-topic paging with a cursor, duplicate topics. */
@Timeout(60)
class AdminRawRequestsIT {
    @TempDir
    Path dataDir;

    Broker broker;
    RawKafkaConnection raw;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        raw = new RawKafkaConnection(broker.host(), broker.port());
    }

    @AfterEach
    void stop() throws Exception {
        raw.close();
        broker.close();
    }

    @Test
    void describeTopicPartitionsPagesThroughAllTopicsWithACursor() throws Exception {
        broker.topics().create("a", 3, (short) 1, Map.of(), false);
        broker.topics().create("b", 2, (short) 1, Map.of(), false);

        DescribeTopicPartitionsResponseData first = describe(null);
        assertThat(partitions(first)).containsExactly("a-0", "a-1");
        assertThat(first.nextCursor().topicName()).isEqualTo("a");
        assertThat(first.nextCursor().partitionIndex()).isEqualTo(2);

        DescribeTopicPartitionsResponseData second = describe(first.nextCursor());
        assertThat(partitions(second)).containsExactly("a-2", "b-0");
        assertThat(second.nextCursor().topicName()).isEqualTo("b");

        DescribeTopicPartitionsResponseData last = describe(second.nextCursor());
        assertThat(partitions(last)).containsExactly("b-1");
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void aTopicNamedTwiceInOneCreateTopicsIsInvalidRequest() throws Exception {
        CreateTopicsRequestData.CreatableTopicCollection topics =
                new CreateTopicsRequestData.CreatableTopicCollection();
        for (int i = 0; i < 2; i++) {
            topics.add(new CreateTopicsRequestData.CreatableTopic()
                    .setName("twice")
                    .setNumPartitions(1)
                    .setReplicationFactor((short) 1));
        }

        var response = (CreateTopicsResponseData)
                raw.<AbstractResponse>send(new CreateTopicsRequestData().setTopics(topics), (short) 7)
                        .data();

        assertThat(response.topics()).singleElement().satisfies(t -> {
            assertThat(t.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            assertThat(t.errorMessage()).contains("more than once");
        });
        assertThat(broker.topics().topic("twice")).isNull();
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsResponseData.Cursor cursor)
            throws Exception {
        DescribeTopicPartitionsRequestData data = new DescribeTopicPartitionsRequestData().setResponsePartitionLimit(2);
        if (cursor != null) {
            data.setCursor(new DescribeTopicPartitionsRequestData.Cursor()
                    .setTopicName(cursor.topicName())
                    .setPartitionIndex(cursor.partitionIndex()));
        }
        return (DescribeTopicPartitionsResponseData)
                raw.<AbstractResponse>send(data, (short) 0).data();
    }

    private static List<String> partitions(DescribeTopicPartitionsResponseData response) {
        return response.topics().stream()
                .flatMap(t -> t.partitions().stream().map(p -> t.name() + "-" + p.partitionIndex()))
                .toList();
    }
}
