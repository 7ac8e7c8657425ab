package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class IdempotentProducerIT {
    @TempDir
    Path dataDir;

    Broker broker;

    @BeforeEach
    void start() {
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void describeProducersShowsTheIdempotentProducersLastSequence() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 3; i++)
                producer.send(new ProducerRecord<>("ledger", "k", "v" + i)).get();
        }

        List<ProducerState> producers;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicPartition tp = new TopicPartition("ledger", 0);
            producers = admin.describeProducers(List.of(tp))
                    .partitionResult(tp)
                    .get()
                    .activeProducers();
        }
        assertThat(producers).singleElement().satisfies(p -> {
            assertThat(p.producerEpoch()).isZero();
            assertThat(p.lastSequence()).isEqualTo(2);
            assertThat(p.coordinatorEpoch()).isEmpty();
        });
    }

    @Test
    void producerIdsAreNotReusedAfterARestart() throws Exception {
        long before = producerIdOfNewProducer();
        broker.close();
        broker = Broker.start(BrokerConfig.fromProperties(Map.of("listeners", "PLAINTEXT://127.0.0.1:0"))
                .withDataDir(dataDir));

        assertThat(producerIdOfNewProducer()).isNotEqualTo(before).isGreaterThan(before);
    }

    private long producerIdOfNewProducer() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps());
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            producer.send(new ProducerRecord<>("ids", "k", "v")).get();
            TopicPartition tp = new TopicPartition("ids", 0);
            return admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers().stream()
                    .mapToLong(ProducerState::producerId)
                    .max()
                    .orElseThrow();
        }
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }
}
