package io.herald.testkit;

import io.herald.broker.Broker;
import io.herald.broker.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Herald broker running inside the test's JVM, on a free port of 127.0.0.1, with its data in a temporary directory.
 * {@link HeraldExtension} starts one per test class and hands it to any test, constructor or lifecycle method that
 * declares a parameter of this type.
 *
 * <p>Any Kafka client connects to {@link #bootstrapServers()}. The {@code ...Properties()} methods return the configs
 * a client needs, as a new mutable map each time, ready for {@code new KafkaProducer<>(herald.producerProperties())}
 * and for adding your own.
 *
 * <p>Thread-safety: every method may be called from any thread; {@link #restart} while other threads use the broker
 * makes their clients reconnect, as a real broker restart would.
 */
public final class EmbeddedHerald {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedHerald.class);
    private static final Duration PORT_REUSE_TIMEOUT = Duration.ofSeconds(10);

    private final BrokerConfig config;
    private final boolean ownsDataDir;
    private volatile Broker broker;

    private EmbeddedHerald(BrokerConfig config, boolean ownsDataDir, Broker broker) {
        this.config = config;
        this.ownsDataDir = ownsDataDir;
        this.broker = broker;
    }

    /**
     * Starts a broker with Kafka broker {@code properties} over Herald's defaults. Without {@code log.dirs} the data
     * goes to a new temporary directory, deleted by {@link #stop}; without {@code listeners} the broker listens on a
     * free port of 127.0.0.1. Consumer groups form at once ({@code group.initial.rebalance.delay.ms=0}, as in Kafka's
     * own test brokers) and committed offsets go to one partition of {@code __consumer_offsets} unless told otherwise.
     */
    static EmbeddedHerald start(Map<String, String> properties) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putIfAbsent("listeners", "PLAINTEXT://127.0.0.1:0");
        // a test's group should not wait 3 s for members that are not coming, nor create 50 partitions to commit
        merged.putIfAbsent("group.initial.rebalance.delay.ms", "0");
        merged.putIfAbsent("offsets.topic.num.partitions", "1");
        boolean ownsDataDir = !merged.containsKey("log.dirs") && !merged.containsKey("log.dir");
        BrokerConfig config = BrokerConfig.fromProperties(merged);
        if (ownsDataDir) config = config.withDataDir(createTempDir());
        return new EmbeddedHerald(config, ownsDataDir, startBroker(config));
    }

    /** {@code host:port} of the broker, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The broker's data directory: one folder per partition, in Kafka's layout. */
    public Path dataDir() {
        return config.dataDir();
    }

    /** The broker itself, for what the helpers here do not cover. */
    public Broker broker() {
        return broker;
    }

    /**
     * Configs for a {@code KafkaProducer<String, String>}: {@code bootstrap.servers} and string serializers for keys
     * and values. Replace the serializers for other types.
     */
    public Map<String, Object> producerProperties() {
        Map<String, Object> properties = clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    /**
     * Configs for a {@code KafkaConsumer<String, String>}: {@code bootstrap.servers}, string deserializers,
     * {@code auto.offset.reset=earliest} (a test usually wants what it produced before the consumer started) and no
     * auto commit. There is no {@code group.id}: use {@code assign()}, or add a group to {@code subscribe()}.
     */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> properties = clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }

    /** Configs for an {@link Admin} client: {@code bootstrap.servers}. */
    public Map<String, Object> adminProperties() {
        return clientProperties();
    }

    /**
     * Creates a topic with {@code partitions} partitions and the broker's default configs, and returns once clients
     * can use it.
     *
     * @throws IllegalStateException if the topic exists already or the broker refuses it, with the broker's reason
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topic " + name + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Stops the broker cleanly and starts it again on the same data directory and port, as an operator's restart
     * would: every record acknowledged before is there after. Clients reconnect by themselves.
     */
    public void restart() {
        int port = broker.port();
        broker.close();
        BrokerConfig samePort = config.withPort(port);
        long deadline = System.nanoTime() + PORT_REUSE_TIMEOUT.toNanos();
        while (true) {
            try {
                broker = startBroker(samePort);
                return;
            } catch (UncheckedIOException e) {
                // the closed listener's port can take a moment to be free again
                if (!(e.getCause() instanceof BindException) || System.nanoTime() > deadline) throw e;
                sleep(Duration.ofMillis(100));
            }
        }
    }

    /** Stops the broker cleanly and deletes the temporary data directory. */
    void stop() {
        broker.close();
        if (ownsDataDir) deleteRecursively(config.dataDir());
    }

    private Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    private static Broker startBroker(BrokerConfig config) {
        long startNanos = System.nanoTime();
        Broker broker = Broker.start(config);
        log.info(
                "Herald started on {} in {} ms (data in {})",
                broker.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                config.dataDir());
        return broker;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("herald-testkit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory for Herald", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete Herald's temporary data directory {}: {}", dir, e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting Herald", e);
        }
    }
}
