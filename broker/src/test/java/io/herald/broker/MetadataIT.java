package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Metadata requests as the Java Admin sends them. */
@Timeout(60)
class MetadataIT {
    @TempDir
    Path dataDir;

    Broker broker;
    Admin admin;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void topicsAskedForByIdAreFoundThoughTheirNameIsEmpty() throws Exception {
        Uuid id = broker.topics().create("by-id", 2, (short) 1, Map.of(), false).id();

        TopicDescription described = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id)))
                .allTopicIds()
                .get()
                .get(id);

        assertThat(described.name()).isEqualTo("by-id");
        assertThat(described.partitions()).hasSize(2);
    }

    @Test
    void anUnknownTopicIdIsUnknownTopicId() {
        assertThatThrownBy(() -> admin.describeTopics(TopicCollection.ofTopicIds(List.of(Uuid.randomUuid())))
                        .allTopicIds()
                        .get())
                .hasCauseInstanceOf(UnknownTopicIdException.class);
    }
}
