package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"h2", "postgresql"})
class InboxIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record Deposit(@Key String account, long amountCents) {}

    @Parameter
    String database;

    private DataSource dataSource;

    /** Topics differ per database: both runs of the class share one broker. */
    private String topic(String name) {
        return name + "-" + database;
    }

    private JdbcInbox inbox;

    @BeforeEach
    void createDatabase(org.junit.jupiter.api.TestInfo test) throws SQLException {
        dataSource = TestDatabases.create(
                database, test.getTestMethod().orElseThrow().getName());
        inbox = new JdbcInbox(dataSource, "herald_inbox", Clock.systemUTC());
        inbox.createTableIfMissing();
        try (Connection connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE balances (account VARCHAR(50) PRIMARY KEY, cents BIGINT NOT NULL)");
            statement.execute("INSERT INTO balances VALUES ('a', 0), ('b', 0)");
        }
    }

    private long balance(String account) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT cents FROM balances WHERE account = ?")) {
            select.setString(1, account);
            try (var result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    // not idempotent by nature: an increment
    private static void credit(IncomingEvent<Deposit> event, Connection connection) throws SQLException {
        try (var update = connection.prepareStatement("UPDATE balances SET cents = cents + ? WHERE account = ?")) {
            update.setLong(1, event.data().amountCents());
            update.setString(2, event.data().account());
            update.executeUpdate();
        }
    }

    private EventSubscriber subscribe(String topic, StartPosition from, EventHandler<Deposit> handler) {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("ledger")
                .topics(topic)
                .startFrom(from)
                .retryPolicy(new RetryPolicy(3, Duration.ZERO, 1, Duration.ZERO, 0))
                .on(Deposit.class, handler)
                .start();
    }

    @Test
    void aRedeliveredEventHasItsEffectOnce() throws Exception {
        herald.herald().createTopic(topic("deposits"), 2);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/bank")
                .build()) {
            for (int i = 1; i <= 10; i++) {
                publisher
                        .publish(topic("deposits"), new Deposit(i % 2 == 0 ? "a" : "b", i))
                        .get();
            }
        }
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger effects = new AtomicInteger();
        EventHandler<Deposit> once = inbox.idempotent("ledger", (event, connection) -> {
            effects.incrementAndGet();
            credit(event, connection);
        });
        EventHandler<Deposit> handler = event -> {
            once.handle(event);
            deliveries.incrementAndGet();
        };

        try (EventSubscriber first = subscribe(topic("deposits"), StartPosition.committed(), handler)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.get() == 10);
        }
        // forced redelivery: the same group reads everything again
        try (EventSubscriber again = subscribe(topic("deposits"), StartPosition.beginning(), handler)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.get() == 20);
        }

        assertThat(effects).hasValue(10);
        assertThat(balance("a")).isEqualTo(2 + 4 + 6 + 8 + 10);
        assertThat(balance("b")).isEqualTo(1 + 3 + 5 + 7 + 9);
    }

    @Test
    void aFailedHandlerLeavesNoInboxRowSoTheRetryTakesEffect() throws Exception {
        herald.herald().createTopic(topic("deposits-flaky"), 1);
        String eventId;
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/bank")
                .build()) {
            eventId = publisher
                    .publish(topic("deposits-flaky"), new Deposit("a", 100))
                    .get()
                    .eventId();
        }
        Set<Integer> attempts = ConcurrentHashMap.newKeySet();
        AtomicInteger attempt = new AtomicInteger();

        try (EventSubscriber subscriber = subscribe(
                topic("deposits-flaky"), StartPosition.committed(), inbox.idempotent("ledger", (event, connection) -> {
                    credit(event, connection); // written, then rolled back by the failure below
                    if (attempt.incrementAndGet() == 1) {
                        throw new IllegalStateException("ledger locked");
                    }
                    attempts.add(attempt.get());
                }))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> inbox.handled("ledger", eventId));
        }

        assertThat(attempt).hasValue(2);
        assertThat(balance("a")).isEqualTo(100);
    }

    @Test
    void oldIdsExpire() throws Exception {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        JdbcInbox old = new JdbcInbox(dataSource, "herald_inbox", Clock.fixed(now.minusSeconds(7200), ZoneOffset.UTC));
        JdbcInbox fresh = new JdbcInbox(dataSource, "herald_inbox", Clock.fixed(now, ZoneOffset.UTC));
        EventMetadata metadata = new EventMetadata(
                "e-old",
                java.net.URI.create("/x"),
                "Deposit",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        old.idempotent("ledger", (IncomingEvent<Deposit> event, Connection connection) -> {})
                .handle(new IncomingEvent<>(metadata, new Deposit("a", 1), "t", 0, 0));

        assertThat(fresh.deleteHandledBefore(Duration.ofHours(1))).isEqualTo(1);
        assertThat(fresh.handled("ledger", "e-old")).isFalse();
    }
}
