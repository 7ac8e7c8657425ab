package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Produce-time validation as a Kafka broker does it, seen through the Kafka Java producer. */
@Timeout(60)
class ProduceValidationIT {
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
    void keylessRecordOnACompactedTopicIsRefused() {
        broker.topics().create("balances", 1, (short) 1, Map.of("cleanup.policy", "compact"), false);

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("balances", null, "no key"))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidRecordException.class);
            assertThat(broker.topics().topic("balances").partition(0).logEndOffset())
                    .isZero();
        }
    }

    @Test
    void timestampTooFarInTheFutureIsRefused() {
        broker.topics().create("clocks", 1, (short) 1, Map.of("message.timestamp.after.max.ms", "60000"), false);
        long inTwoHours = System.currentTimeMillis() + 7_200_000;

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("clocks", null, inTwoHours, "k", "v"))
                            .get())
                    .hasCauseInstanceOf(InvalidTimestampException.class);
        }
    }

    @Test
    void batchOverMaxMessageBytesIsRefusedWithMessageTooLarge() {
        broker.topics().create("small", 1, (short) 1, Map.of("max.message.bytes", "1024"), false);

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small", "k", "x".repeat(4000)))
                            .get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void logAppendTimeTopicStampsTheBrokersTime() throws Exception {
        broker.topics().create("stamped", 1, (short) 1, Map.of("message.timestamp.type", "LogAppendTime"), false);
        long before = System.currentTimeMillis();

        RecordMetadata metadata;
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            metadata = producer.send(new ProducerRecord<>("stamped", null, 42L, "k", "v"))
                    .get();
        }
        assertThat(metadata.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    private KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.putAll(overrides);
        return new KafkaProducer<>(p);
    }
}
