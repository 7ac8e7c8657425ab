import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One record in flight at a time, timed in microseconds: {@code send().get()} (produce-ack latency), then
 * {@code poll()} until the same record comes back (end-to-end latency). Kafka's EndToEndLatency 4.4 reports whole
 * milliseconds and commits offsets through a consumer group; this consumer is ASSIGNED partition 0 (no group.id), so
 * it runs on any broker that serves Produce, Metadata, ListOffsets and Fetch.
 *
 * <pre>
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/E2eLatency.java \
 *     --bootstrap-server 127.0.0.1:9092 --topic t --num-records 10000 [--record-size 100] [--acks all]
 *     [--warmup-records 100]
 * </pre>
 *
 * The topic should have one partition. Producer: {@code linger.ms=0}, idempotence on (the 4.x default). Consumer:
 * long poll ({@code fetch.max.wait.ms=500}, {@code fetch.min.bytes=1}), positioned at the end before the first
 * record. The first --warmup-records records are sent and read the same way but not counted. Output, two lines:
 * {@code ack count=N avg_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=..}, then the same for {@code e2e};
 * percentiles are nearest-rank over all counted records.
 */
public class E2eLatency {
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String topic = null;
        int numRecords = 10_000;
        int recordSize = 100;
        String acks = "all";
        int warmupRecords = 100;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--topic" -> topic = value;
                case "--num-records" -> numRecords = Integer.parseInt(value);
                case "--record-size" -> recordSize = Integer.parseInt(value);
                case "--acks" -> acks = value;
                case "--warmup-records" -> warmupRecords = Integer.parseInt(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || topic == null || numRecords < 1 || recordSize < Long.BYTES) {
            usage("--bootstrap-server and --topic are required, --num-records >= 1, --record-size >= 8");
        }

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, acks);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-latency-producer");

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "e2e-latency-consumer");

        TopicPartition partition = new TopicPartition(topic, 0);
        long[] ackNanos = new long[numRecords];
        long[] e2eNanos = new long[numRecords];
        byte[] value = new byte[recordSize];
        ThreadLocalRandom.current().nextBytes(value);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));

            long startNanos = 0;
            for (int i = -warmupRecords; i < numRecords; i++) {
                if (i == 0) startNanos = System.nanoTime();
                long sequence = i + (long) warmupRecords;
                ByteBuffer.wrap(value).putLong(0, sequence);
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
                long t1 = System.nanoTime();
                awaitRecord(consumer, sequence, t0);
                long t2 = System.nanoTime();
                if (i >= 0) {
                    ackNanos[i] = t1 - t0;
                    e2eNanos[i] = t2 - t0;
                }
            }
            double elapsedS = (System.nanoTime() - startNanos) / 1e9;
            LatencySummary.print("ack", ackNanos);
            LatencySummary.print("e2e", e2eNanos);
            System.out.printf("elapsed_s=%.3f records_per_s=%.1f%n", elapsedS, numRecords / elapsedS);
        }
    }

    /** Polls until the record carrying {@code sequence} arrives; fails after 30 s without it. */
    private static void awaitRecord(KafkaConsumer<byte[], byte[]> consumer, long sequence, long sentNanos) {
        while (true) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(1000))) {
                long got = ByteBuffer.wrap(record.value()).getLong(0);
                if (got == sequence) return;
                if (got > sequence) throw new IllegalStateException("record " + sequence + " skipped, got " + got);
            }
            if (System.nanoTime() - sentNanos > 30_000_000_000L) {
                throw new IllegalStateException("record " + sequence + " acked but not fetched within 30 s");
            }
        }
    }

    private static void usage(String problem) {
        System.err.println("E2eLatency: " + problem);
        System.err.println("usage: --bootstrap-server HOST:PORT --topic T [--num-records N] [--record-size B]"
                + " [--acks all|1|0] [--warmup-records N]");
        System.exit(2);
    }
}
