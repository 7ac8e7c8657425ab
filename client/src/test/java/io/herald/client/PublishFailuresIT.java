package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.HeraldExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishFailuresIT {
    // as on a production cluster: a misspelt topic must not be created by the first event sent to it
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create().withConfig("auto.create.topics.enable", "false");

    record Note(@Key String id, String text) {}

    private EventPublisher publisher(String bootstrapServers) {
        return EventPublisher.builder()
                .bootstrapServers(bootstrapServers)
                .source("/notes")
                .maxBlock(Duration.ofSeconds(2))
                .build();
    }

    @Test
    void missingTopicIsNamed() {
        try (EventPublisher publisher = publisher(herald.bootstrapServers())) {
            assertThatThrownBy(() -> publisher
                            .publish("no-such-topic", new Note("1", "x"))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicNotFoundException.class)
                    .hasMessageContaining("'no-such-topic'")
                    .hasMessageContaining(herald.bootstrapServers());
        }
    }

    @Test
    void oversizedEventIsRefusedWithItsSize() {
        herald.herald().createTopic("notes-big", 1);
        String text = "x".repeat(2 * 1024 * 1024);
        try (EventPublisher publisher = publisher(herald.bootstrapServers())) {
            assertThatThrownBy(() ->
                            publisher.publish("notes-big", new Note("1", text)).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            EventTooLargeException.class,
                            e -> assertThat(e.sizeBytes()).isGreaterThan(2 * 1024 * 1024))
                    .hasMessageStartingWith("event Note ")
                    .hasMessageContaining("max.request.size");
        }
    }

    @Test
    void unreachableBrokerNamesTheAddressTried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        try (EventPublisher publisher = publisher(address)) {
            assertThatThrownBy(
                            () -> publisher.publish("notes", new Note("1", "x")).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            BrokerUnreachableException.class,
                            e -> assertThat(e.bootstrapServers()).isEqualTo(address))
                    .hasMessageContaining(address);
        }
    }

    @Test
    void weakerAcksAreRefusedAtBuild() {
        assertThatThrownBy(() -> EventPublisher.builder()
                        .bootstrapServers(herald.bootstrapServers())
                        .source("/notes")
                        .properties(Map.of("acks", "1"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acks must be all")
                .hasMessageContaining("was 1");
    }
}
