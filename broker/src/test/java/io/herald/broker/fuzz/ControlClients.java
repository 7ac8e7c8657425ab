package io.herald.broker.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.Broker;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Long-lived clients of the broker under fuzzing, opened before the first fuzz frame and kept for the whole run, that
 * show the fuzzing hurts nobody else: a raw connection exchanging ApiVersions and Metadata, a Java producer that keeps
 * appending to the control topic, and a Java consumer that reads the control topic back from the start and compares it
 * with everything the producer was acknowledged for. No fuzz frame names the control topic.
 *
 * <p>Not thread-safe: used by the test thread.
 */
final class ControlClients implements AutoCloseable {
    static final String TOPIC = "fuzz-control";
    static final int PARTITIONS = 2;

    private final Socket raw;
    private final DataInputStream rawIn;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<TopicPartition, Map<Long, String>> acknowledged = new HashMap<>();
    private int correlationId = 1;
    private int sent;

    ControlClients(Broker broker) throws IOException {
        raw = new Socket();
        raw.connect(new InetSocketAddress(broker.host(), broker.port()), Exchange.READ_TIMEOUT_MS);
        raw.setSoTimeout(30_000);
        rawIn = new DataInputStream(raw.getInputStream());
        producer = new KafkaProducer<>(producerProps(broker.bootstrapServers()));
        consumer = new KafkaConsumer<>(consumerProps(broker.bootstrapServers()));
        List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
        consumer.assign(partitions);
    }

    /** Checks every control client still works and the control topic holds exactly what was acknowledged. */
    void check() throws Exception {
        rawExchange();
        produce(4);
        readBack();
    }

    /** Appends {@code count} records to the control topic and remembers where they went. */
    void produce(int count) throws InterruptedException, ExecutionException {
        for (int i = 0; i < count; i++) {
            String value = "control-" + sent++;
            RecordMetadata at = producer.send(new ProducerRecord<>(TOPIC, sent % PARTITIONS, "k" + sent, value))
                    .get();
            acknowledged
                    .computeIfAbsent(new TopicPartition(TOPIC, at.partition()), tp -> new HashMap<>())
                    .put(at.offset(), value);
        }
    }

    private void rawExchange() throws IOException {
        int apiVersionsId = correlationId++;
        int metadataId = correlationId++;
        raw.getOutputStream()
                .write(Frames.concat(
                        Frames.request(
                                ApiKeys.API_VERSIONS,
                                (short) 3,
                                apiVersionsId,
                                "control",
                                new ApiVersionsRequestData()
                                        .setClientSoftwareName("herald-control")
                                        .setClientSoftwareVersion("1")),
                        Frames.request(
                                ApiKeys.METADATA,
                                (short) 12,
                                metadataId,
                                "control",
                                new MetadataRequestData()
                                        .setTopics(List.of(
                                                new MetadataRequestData.MetadataRequestTopic().setName(TOPIC))))));
        ApiVersionsResponse versions =
                (ApiVersionsResponse) read(ApiKeys.API_VERSIONS, (short) 3, (short) 0, apiVersionsId);
        assertThat(versions.data().errorCode()).isEqualTo(Errors.NONE.code());
        MetadataResponse metadata = (MetadataResponse) read(ApiKeys.METADATA, (short) 12, (short) 1, metadataId);
        assertThat(metadata.topicMetadata())
                .singleElement()
                .satisfies(topic -> assertThat(topic.partitionMetadata()).hasSize(PARTITIONS));
    }

    private AbstractResponse read(ApiKeys api, short version, short headerVersion, int correlationId)
            throws IOException {
        byte[] bytes = new byte[rawIn.readInt()];
        rawIn.readFully(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(ResponseHeader.parse(buffer, headerVersion).correlationId()).isEqualTo(correlationId);
        return AbstractResponse.parseResponse(api, new ByteBufferAccessor(buffer), version);
    }

    private void readBack() {
        consumer.seekToBeginning(consumer.assignment());
        Map<TopicPartition, Map<Long, String>> read = new HashMap<>();
        int expected = acknowledged.values().stream().mapToInt(Map::size).sum();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int count = 0;
        while (count < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                read.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new HashMap<>())
                        .put(record.offset(), record.value());
                count++;
            }
        }
        assertThat(read).as("the control topic read back from the start").isEqualTo(acknowledged);
    }

    @Override
    public void close() throws IOException {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        raw.close();
    }

    private static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }
}
