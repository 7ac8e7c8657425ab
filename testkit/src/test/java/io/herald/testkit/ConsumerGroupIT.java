package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test that subscribes through a consumer group, as most application tests do, and commits. */
@ExtendWith(HeraldExtension.class)
@Timeout(60)
class ConsumerGroupIT {

    @Test
    void subscribedConsumerReadsAndCommits(EmbeddedHerald herald) throws Exception {
        Records.produce(herald, "payments", 0, List.of("p-1", "p-2", "p-3"));
        Map<String, Object> properties = herald.consumerProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");

        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of("payments"));
            while (read.size() < 3) consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
            consumer.commitSync();
        }

        assertThat(read).containsExactly("p-1", "p-2", "p-3");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(herald.adminProperties())) {
            assertThat(admin.listConsumerGroupOffsets("billing")
                            .partitionsToOffsetAndMetadata()
                            .get()
                            .values())
                    .singleElement()
                    .satisfies(committed -> assertThat(committed.offset()).isEqualTo(3));
        }
    }
}
