package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SDK against Apache Kafka itself, to prove it needs nothing of Herald: a single-node KRaft Kafka started as a
 * process from Kafka's jars from Maven Central. Opt-in, as it takes ~20 s and Kafka's broker jars: the benchmark's
 * copy is fetched with {@code mvn -f bench/kafka/pom.xml dependency:copy-dependencies}, then
 * {@code mvn -pl client verify -Dit.test=ApacheKafkaIT -Dtest=none -Dherald.kafka.libs=$PWD/bench/target/kafka-4.4.0/libs}.
 * Without the property the class is skipped, so the default build never downloads Kafka's broker.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApacheKafkaIT {
    private static final String KAFKA_VERSION = "4.4.0";

    private static Process kafka;
    private static Path dir;
    private static String bootstrapServers;

    record OrderPlaced(@Key String orderId, long amountCents) {}

    @BeforeAll
    static void startKafka() throws Exception {
        String libsProperty = System.getProperty("herald.kafka.libs");
        Assumptions.assumeTrue(
                libsProperty != null,
                "opt-in (it starts Apache Kafka, ~20 s): -Dherald.kafka.libs=<folder of Kafka " + KAFKA_VERSION
                        + "'s jars>");
        Path libs = Path.of(libsProperty);
        assertThat(libs.resolve("kafka_2.13-" + KAFKA_VERSION + ".jar"))
                .as("Kafka's jars; fetch them with mvn -f bench/kafka/pom.xml dependency:copy-dependencies")
                .exists();
        dir = Files.createTempDirectory("herald-client-kafka");
        int port = freePort();
        int controllerPort = freePort();
        bootstrapServers = "127.0.0.1:" + port;
        Path config = dir.resolve("server.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "inter.broker.listener.name=PLAINTEXT",
                        "controller.listener.names=CONTROLLER",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                        "log.dirs=" + dir.resolve("data"),
                        "offsets.topic.replication.factor=1",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = libs.toAbsolutePath() + "/*";
        Process format = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "--standalone",
                        "-t",
                        "q1Sh-9_ISia_zwGINzRvyQ",
                        "-c",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        assertThat(format.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(format.exitValue())
                .as("kafka-storage format, see %s", dir.resolve("format.log"))
                .isZero();
        kafka = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kafka.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.destroy();
            if (!kafka.waitFor(30, TimeUnit.SECONDS)) {
                kafka.destroyForcibly().waitFor();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void publishSubscribeRetryAndDeadLetterWorkUnchanged() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic("orders", Optional.of(3), Optional.empty())))
                    .all()
                    .get();
        }
        List<IncomingEvent<OrderPlaced>> handled = new CopyOnWriteArrayList<>();
        List<PublishResult> published = new ArrayList<>();

        try (EventPublisher publisher = EventPublisher.builder()
                        .bootstrapServers(bootstrapServers)
                        .source("/orders")
                        .defaultTopic("orders")
                        .build();
                EventSubscriber subscriber = EventSubscriber.builder()
                        .bootstrapServers(bootstrapServers)
                        .groupId("billing")
                        .topics("orders")
                        .retryPolicy(RetryPolicy.noRetries())
                        .on(OrderPlaced.class, event -> {
                            if (event.data().amountCents() < 0) {
                                throw new IllegalArgumentException("negative amount");
                            }
                            handled.add(event);
                        })
                        .start()) {
            for (int i = 0; i < 20; i++) {
                published.add(
                        publisher.publish(new OrderPlaced("o-" + (i % 4), i)).get());
            }
            publisher.publish(new OrderPlaced("o-bad", -1)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 20);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> subscriber.health().failureCount() == 1
                            && subscriber.health().inFlight().values().stream().allMatch(n -> n == 0));
        }

        assertThat(handled)
                .extracting(IncomingEvent::id)
                .containsExactlyInAnyOrderElementsOf(
                        published.stream().map(PublishResult::eventId).toList());
        assertThat(handled.getFirst().metadata().source()).hasToString("/orders");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            assertThat(admin.listTopics().names().get()).contains("orders.dlq");
        }
    }
}
