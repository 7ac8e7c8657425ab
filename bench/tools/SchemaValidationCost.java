import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The produce cost of broker-side schema validation: the same records (schema registry wire format, a registered id)
 * into a topic without validation and into one with {@code confluent.value.schema.validation=true}, alternately, with
 * one producer at a time ({@code acks=all linger.ms=5 batch.size=65536}, unthrottled, as ProducerPerformance runs it).
 *
 * <pre>
 * java -cp 'bench/target/bench-tools:bench/target/kafka-4.4.0/libs/*' SchemaValidationCost \
 *     --bootstrap-server 127.0.0.1:9092 [--records 1000000] [--record-size 100] [--reps 5]
 * </pre>
 *
 * Prints one line per pass ({@code pass rep=.. topic=.. records_per_s=..}), then the medians and their ratio. The
 * schema is registered by writing Confluent's record to {@code _schemas}, as every registry stores it.
 */
public class SchemaValidationCost {
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        int records = 1_000_000;
        int recordSize = 100;
        int reps = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = args[i + 1];
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--record-size" -> recordSize = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (bootstrap == null) throw new IllegalArgumentException("--bootstrap-server is required");
        prepare(bootstrap);
        byte[] value = framedValue(recordSize);
        pass(bootstrap, "sv-plain", value, records / 2);
        pass(bootstrap, "sv-validated", value, records / 2);
        List<Double> plain = new ArrayList<>();
        List<Double> validated = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
            boolean plainFirst = rep % 2 == 1; // alternate, so neither always runs first
            for (int k = 0; k < 2; k++) {
                boolean isPlain = (k == 0) == plainFirst;
                String topic = isPlain ? "sv-plain" : "sv-validated";
                double rate = pass(bootstrap, topic, value, records);
                (isPlain ? plain : validated).add(rate);
                System.out.printf("pass rep=%d topic=%s records=%d records_per_s=%.0f%n", rep, topic, records, rate);
            }
        }
        double p = median(plain);
        double v = median(validated);
        System.out.printf(
                "median records_per_s plain=%.0f validated=%.0f validated/plain=%.3f cost_pct=%.1f%n",
                p, v, v / p, 100 * (1 - v / p));
    }

    private static void prepare(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // herald server's registry made _schemas already; a bare broker has none
            if (!admin.listTopics().names().get().contains("_schemas")) {
                admin.createTopics(List.of(
                                new NewTopic("_schemas", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                        .all()
                        .get();
            }
            admin.createTopics(List.of(
                            new NewTopic("sv-plain", 1, (short) 1),
                            new NewTopic("sv-validated", 1, (short) 1)
                                    .configs(Map.of("confluent.value.schema.validation", "true"))))
                    .all()
                    .get();
        }
        String schema = "{\\\"type\\\":\\\"object\\\",\\\"title\\\":\\\"Reading\\\"}";
        try (var producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(
                            "_schemas",
                            "{\"keytype\":\"SCHEMA\",\"subject\":\"sv-validated-value\",\"version\":1,\"magic\":1}",
                            "{\"subject\":\"sv-validated-value\",\"version\":1,\"id\":1,\"schemaType\":\"JSON\","
                                    + "\"schema\":\"" + schema + "\",\"deleted\":false}"))
                    .get();
        }
    }

    /** Magic byte 0, schema id 1, then JSON text up to {@code size} bytes. */
    private static byte[] framedValue(int size) {
        byte[] json = ("{\"sensor\":\"s-1\",\"reading\":" + "1".repeat(Math.max(1, size - 32)) + "}")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.allocate(size);
        value.put((byte) 0).putInt(1).put(json, 0, Math.min(json.length, size - 5));
        return value.array();
    }

    /** Sends {@code records} values with one fresh producer; returns records per second, first send to last ack. */
    private static double pass(String bootstrap, String topic, byte[] value, int records) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch acked = new CountDownLatch(records);
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic); // metadata before the clock starts
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                    acked.countDown();
                });
            }
            acked.await();
            long elapsedNanos = System.nanoTime() - start;
            if (failure.get() != null) throw new IllegalStateException("a send to " + topic + " failed", failure.get());
            return records / (elapsedNanos / 1e9);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
