package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.client.internal.CloudEventRecords;
import io.herald.testkit.HeraldExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"h2", "postgresql"})
class OutboxIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record OrderPlaced(@Key String orderId, int line) {}

    @Parameter
    String database;

    private DataSource dataSource;

    /** Topics differ per database: both runs of the class share one broker. */
    private String topic(String name) {
        return name + "-" + database;
    }

    private JdbcOutbox outbox;

    @BeforeEach
    void createDatabase(TestInfo test) throws SQLException {
        dataSource = TestDatabases.create(
                database, test.getTestMethod().orElseThrow().getName());
        outbox = new JdbcOutbox(dataSource, "herald_outbox", "/orders", EventCodec.json(), Clock.systemUTC());
        outbox.createTableIfMissing();
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id VARCHAR(50) PRIMARY KEY)");
        }
    }

    private OutboxRelay relay(String bootstrapServers) {
        return new OutboxRelay(outbox, Map.of("bootstrap.servers", bootstrapServers, "max.block.ms", 2000), 100);
    }

    private void placeOrder(String id, int lines, boolean commit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var insert = connection.prepareStatement("INSERT INTO orders VALUES (?)")) {
                insert.setString(1, id);
                insert.executeUpdate();
            }
            for (int line = 1; line <= lines; line++) {
                outbox.add(connection, topic("orders"), new OrderPlaced(id, line));
            }
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        }
    }

    private int outboxRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM herald_outbox")) {
            count.next();
            return count.getInt(1);
        }
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    void committedEventsArePublishedInOrderOnceAndRolledBackOnesNever() throws Exception {
        herald.herald().createTopic(topic("orders"), 1);
        placeOrder("o-1", 5, true);
        placeOrder("o-2", 3, false);
        placeOrder("o-3", 2, true);

        try (OutboxRelay relay = relay(herald.bootstrapServers())) {
            assertThat(relay.relayOnce()).isEqualTo(7);
            assertThat(relay.relayOnce()).isZero();
        }

        List<ConsumerRecord<String, byte[]>> records = readAll(topic("orders"));
        List<String> published = records.stream()
                .map(record -> {
                    var event = CloudEventRecords.fromRecord(record);
                    OrderPlaced data = EventCodec.json().decode(event.getData().toBytes(), 1, OrderPlaced.class);
                    return data.orderId() + "/" + data.line();
                })
                .toList();
        assertThat(published).containsExactly("o-1/1", "o-1/2", "o-1/3", "o-1/4", "o-1/5", "o-3/1", "o-3/2");
        assertThat(records.getFirst().key()).isEqualTo("o-1");
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aTransactionThatCommitsWhileABatchIsRelayedIsPublishedByTheNextRun() throws Exception {
        herald.herald().createTopic(topic("orders-late"), 1);
        Connection late = dataSource.getConnection();
        late.setAutoCommit(false);
        outbox.add(late, topic("orders-late"), new OrderPlaced("o-late", 1)); // the smaller id, committed later
        try (Connection early = dataSource.getConnection()) {
            early.setAutoCommit(false);
            outbox.add(early, topic("orders-late"), new OrderPlaced("o-early", 1));
            early.commit();
        }
        // "late" commits just before the relay deletes what it sent
        AtomicBoolean lateCommitted = new AtomicBoolean();
        DataSource commitsLateOnDelete = (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, dataSource, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (c, m, a) -> {
                                if (m.getName().equals("prepareStatement")
                                        && ((String) a[0]).startsWith("DELETE")
                                        && lateCommitted.compareAndSet(false, true)) {
                                    late.commit();
                                    late.close();
                                }
                                return invoke(m, connection, a);
                            });
                });
        JdbcOutbox relayed =
                new JdbcOutbox(commitsLateOnDelete, "herald_outbox", "/orders", EventCodec.json(), Clock.systemUTC());

        try (OutboxRelay relay =
                new OutboxRelay(relayed, Map.of("bootstrap.servers", herald.bootstrapServers()), 100)) {
            assertThat(relay.relayOnce())
                    .as("the batch read before 'late' committed")
                    .isEqualTo(1);
            assertThat(relay.relayOnce())
                    .as("'late', kept by the first run's delete")
                    .isEqualTo(1);
        }

        List<String> published =
                readAll(topic("orders-late")).stream().map(ConsumerRecord::key).toList();
        assertThat(published).containsExactly("o-early", "o-late");
        assertThat(outboxRows()).isZero();
    }

    @Test
    void twoRelaysOfOneTableTakeTurnsAndPublishEachRowOnceInOrder() throws Exception {
        herald.herald().createTopic(topic("orders-two-relays"), 1);
        try (OutboxRelay first = relay(herald.bootstrapServers());
                OutboxRelay second = relay(herald.bootstrapServers())) {
            first.start(Duration.ofMillis(5));
            second.start(Duration.ofMillis(5));
            // rows keep coming while both relays run: 40 transactions of 5 events over 4 keys
            for (int order = 0; order < 40; order++) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    for (int line = 1; line <= 5; line++) {
                        outbox.add(
                                connection,
                                topic("orders-two-relays"),
                                new OrderPlaced("k" + (order % 4), order * 10 + line));
                    }
                    connection.commit();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
        }

        List<ConsumerRecord<String, byte[]>> records = readAll(topic("orders-two-relays"));
        List<String> ids = records.stream()
                .map(record -> CloudEventRecords.fromRecord(record).getId())
                .toList();
        assertThat(ids).hasSize(200).doesNotHaveDuplicates();
        Map<String, List<Integer>> linesByKey = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            OrderPlaced data = EventCodec.json()
                    .decode(CloudEventRecords.fromRecord(record).getData().toBytes(), 1, OrderPlaced.class);
            linesByKey.computeIfAbsent(data.orderId(), k -> new ArrayList<>()).add(data.line());
        }
        linesByKey.forEach((key, lines) -> assertThat(lines).as(key).isSorted());
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void rowsStayUntilTheBrokerAcknowledgesThenArePublishedOnce() throws Exception {
        herald.herald().createTopic(topic("orders-later"), 1);
        try (Connection connection = dataSource.getConnection()) {
            outbox.add(connection, topic("orders-later"), new OrderPlaced("o-9", 1));
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        // as if the broker were down when the service committed
        try (OutboxRelay down = relay("127.0.0.1:" + closedPort)) {
            assertThatThrownBy(down::relayOnce).isInstanceOf(PublishException.class);
        }
        assertThat(outboxRows()).isEqualTo(1);

        try (OutboxRelay relay = relay(herald.bootstrapServers())) {
            relay.start(Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows() == 0);
        }
        assertThat(readAll(topic("orders-later"))).hasSize(1);
    }

    @Test
    void anEventAddedWhileHandlingAnotherContinuesItsFlow() throws Exception {
        herald.herald().createTopic(topic("orders-flow"), 1);
        EventMetadata handled = new EventMetadata(
                "cause-7",
                java.net.URI.create("/cart"),
                "CartCheckedOut",
                null,
                null,
                null,
                null,
                null,
                null,
                "flow-7",
                null,
                null,
                null);
        try (Connection connection = dataSource.getConnection();
                var scope = io.herald.client.internal.HandlingScope.open(handled)) {
            outbox.add(connection, topic("orders-flow"), new OrderPlaced("o-7", 1));
        }

        try (OutboxRelay relay = relay(herald.bootstrapServers())) {
            relay.relayOnce();
        }

        EventMetadata published = CloudEventRecords.metadataOf(
                CloudEventRecords.fromRecord(readAll(topic("orders-flow")).getFirst()));
        assertThat(published.correlationId()).isEqualTo("flow-7");
        assertThat(published.causationId()).isEqualTo("cause-7");
        assertThat(published.source()).hasToString("/orders");
        assertThat(published.partitionKey()).isEqualTo("o-7");
    }
}
