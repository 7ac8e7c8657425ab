import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates or deletes a benchmark topic on any Kafka-protocol broker, and waits until every partition has a leader.
 *
 * <pre>
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/BenchTopic.java create \
 *     --bootstrap-server 127.0.0.1:9092 --topic t --partitions 8 [--config flush.messages=1]...
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/BenchTopic.java delete --bootstrap-server ... --topic t
 * </pre>
 *
 * {@code create} uses Admin createTopics (replication factor 1). A broker without the CreateTopics API gets the topic
 * auto-created through a Metadata request instead (a producer's partitionsFor), with the broker's num.partitions and
 * default configs: the tool then prints what it got and exits 3 unless the partition count and the absence of
 * --config make that equivalent. {@code delete} uses Admin deleteTopics; a broker without DeleteTopics is reported on
 * stderr and exit status 4. Exit 1 on any other failure, 2 on bad arguments.
 */
public class BenchTopic {
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("create") || args[0].equals("delete"))) {
            usage("the first argument must be create or delete");
        }
        String bootstrap = null;
        String topic = null;
        int partitions = 1;
        Map<String, String> configs = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) usage("option " + args[i] + " needs a value");
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--topic" -> topic = value;
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--config" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) usage("--config takes key=value, was " + value);
                    configs.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || topic == null || partitions < 1) {
            usage("--bootstrap-server and --topic are required, --partitions >= 1");
        }

        boolean autoCreated = false;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            if (args[0].equals("delete")) {
                try {
                    admin.deleteTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnsupportedVersionException) {
                        System.err.println("BenchTopic: the broker has no DeleteTopics API; " + topic + " stays");
                        System.exit(4);
                    }
                    throw e;
                }
                return;
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnsupportedVersionException)) throw e;
                autoCreated = true;
                System.err.println("BenchTopic: the broker has no CreateTopics API; auto-creating " + topic
                        + " through Metadata with the broker's num.partitions and default configs");
            }
        }
        int got = awaitLeaders(bootstrap, topic);
        if (got != partitions) {
            System.err.printf("BenchTopic: %s has %d partition(s), %d were asked for%n", topic, got, partitions);
            System.exit(3);
        }
        if (autoCreated && !configs.isEmpty()) {
            System.err.println("BenchTopic: " + topic + " was auto-created without the configs asked for: " + configs);
            System.exit(3);
        }
        System.out.println("topic=" + topic + " partitions=" + got);
    }

    /** The partition count once every partition has a leader (auto-creating the topic if the broker does that). */
    private static int awaitLeaders(String bootstrap, String topic) throws InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                List<PartitionInfo> infos = producer.partitionsFor(topic);
                if (infos.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) return infos.size();
                if (System.nanoTime() > deadline) return infos.size();
                Thread.sleep(100);
            }
        }
    }

    private static void usage(String problem) {
        System.err.println("BenchTopic: " + problem);
        System.err.println("usage: create|delete --bootstrap-server HOST:PORT --topic T [--partitions N]"
                + " [--config key=value]...");
        System.exit(2);
    }
}
