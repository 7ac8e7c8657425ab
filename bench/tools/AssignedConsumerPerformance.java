import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning with a consumer that is ASSIGNED all its partitions (no group.id: no
 * FindCoordinator, JoinGroup or OffsetCommit), and prints the rate. Kafka's ConsumerPerformance 4.4 always
 * subscribes through a consumer group, which Herald could not serve when the broker benchmark was written; this tool
 * measures the same thing with the same client settings (1 MiB fetch per partition, 2 MiB receive buffer) on any
 * broker, so the broker benchmark's read figures stay comparable from run to run.
 *
 * <pre>
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/AssignedConsumerPerformance.java \
 *     --bootstrap-server 127.0.0.1:9092 --topic t --num-records 1000000 [--fetch-size 1048576]
 *     [--socket-buffer-size 2097152] [--timeout-ms 10000]
 * </pre>
 *
 * The clock starts at the first poll, after the partitions are assigned (like ConsumerPerformance's fetch.*
 * figures, which exclude the group join) and stops when the last of --num-records records arrives. Output, one line:
 * {@code records=N bytes=B elapsed_s=S records_per_s=R mib_per_s=M} (MiB = 2^20 bytes of keys plus values).
 * Exits 1 if fewer records arrive, with no record for --timeout-ms.
 */
public class AssignedConsumerPerformance {
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String topic = null;
        long numRecords = -1;
        int fetchSize = 1024 * 1024;
        int socketBufferSize = 2 * 1024 * 1024;
        long timeoutMs = 10_000;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--topic" -> topic = value;
                case "--num-records" -> numRecords = Long.parseLong(value);
                case "--fetch-size" -> fetchSize = Integer.parseInt(value);
                case "--socket-buffer-size" -> socketBufferSize = Integer.parseInt(value);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || topic == null || numRecords < 1) {
            usage("--bootstrap-server, --topic and --num-records (>= 1) are required");
        }

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(fetchSize));
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(socketBufferSize));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "assigned-consumer-perf");

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofMillis(timeoutMs))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            if (partitions.isEmpty()) {
                System.err.println("AssignedConsumerPerformance: topic " + topic + " has no partitions");
                System.exit(1);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            long records = 0;
            long bytes = 0;
            long startNanos = System.nanoTime();
            long lastRecordNanos = startNanos;
            long endNanos = startNanos;
            while (records < numRecords) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if (now - lastRecordNanos > timeoutMs * 1_000_000L) break;
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    if (record.key() != null) bytes += record.key().length;
                    if (record.value() != null) bytes += record.value().length;
                }
                lastRecordNanos = now;
                endNanos = now;
            }
            double elapsedS = (endNanos - startNanos) / 1e9;
            System.out.printf(
                    "records=%d bytes=%d elapsed_s=%.3f records_per_s=%.1f mib_per_s=%.2f%n",
                    records, bytes, elapsedS, records / elapsedS, bytes / elapsedS / (1024.0 * 1024.0));
            if (records < numRecords) {
                System.err.printf(
                        "AssignedConsumerPerformance: only %d of %d records arrived (none for %d ms)%n",
                        records, numRecords, timeoutMs);
                System.exit(1);
            }
        }
    }

    private static void usage(String problem) {
        System.err.println("AssignedConsumerPerformance: " + problem);
        System.err.println("usage: --bootstrap-server HOST:PORT --topic T --num-records N [--fetch-size B]"
                + " [--socket-buffer-size B] [--timeout-ms MS]");
        System.exit(2);
    }
}
