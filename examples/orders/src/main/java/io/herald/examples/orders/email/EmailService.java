package io.herald.examples.orders.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.EventSubscriber;
import io.herald.client.IncomingEvent;
import io.herald.examples.orders.ServiceDatabase;
import io.herald.examples.orders.ServiceEvents;
import io.herald.examples.orders.ServiceMain;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.EmailSent;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderConfirmed;
import io.herald.examples.orders.events.OrderPlaced;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The Email service: keeps what it needs of each order from OrderPlaced (recipient, items, amount, gift message if
 * any: its own copy, in
 * its own database under {@code <dataDir>/email}) and on OrderConfirmed writes the confirmation into the mailbox
 * folder {@code <dataDir>/mailbox} and publishes EmailSent. Both events of an order share its key, so OrderPlaced is
 * handled first.
 *
 * <p>Exactly one message per confirmed order: the inbox runs the handler once per event id, the {@code emails} table
 * (primary key order id) refuses a second send for the order, and the file is written atomically under a name per
 * order, which a retry after a crash between the file and the commit finds and keeps. Thread-safe.
 */
public final class EmailService implements AutoCloseable {
    /** The service's consumer group and inbox consumer. */
    public static final String GROUP = "email-service";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<LineItem>> ITEMS = new TypeReference<>() {};

    private final ServiceDatabase database;
    private final ServiceEvents events;
    private final Mailbox mailbox;

    private EmailService(ServiceDatabase database, ServiceEvents events, Mailbox mailbox) {
        this.database = database;
        this.events = events;
        this.mailbox = mailbox;
    }

    /** Opens the database and the mailbox, starts the relay and subscribes to order events. */
    public static EmailService start(ServiceSettings settings, Clock clock) throws SQLException, IOException {
        ServiceDatabase database = ServiceDatabase.open(settings.dataDir(), "email");
        database.createSchema(
                "CREATE TABLE IF NOT EXISTS recipients (order_id VARCHAR(64) PRIMARY KEY,"
                        + " address VARCHAR(320) NOT NULL, items VARCHAR(100000) NOT NULL,"
                        + " amount_cents BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS emails (order_id VARCHAR(64) PRIMARY KEY,"
                        + " message_id VARCHAR(255) NOT NULL, address VARCHAR(320) NOT NULL, sent_at_ms BIGINT NOT NULL)",
                // OrderPlaced's giftMessage (version 2 of its schema); null for orders placed before it existed
                "ALTER TABLE recipients ADD COLUMN IF NOT EXISTS gift_message VARCHAR(1000)");
        Mailbox mailbox = new Mailbox(settings.dataDir().resolve("mailbox"));
        ServiceEvents events =
                new ServiceEvents(database, clock, settings, "/email", Topics.EMAILS, GROUP, Topics.ORDERS);
        EmailService service = new EmailService(database, events, mailbox);
        events.startSubscriber(service::handlers);
        return service;
    }

    private EventSubscriber.Builder handlers(EventSubscriber.Builder builder) {
        return builder.on(OrderPlaced.class, events.once(this::onOrderPlaced))
                .on(OrderConfirmed.class, events.once(this::onOrderConfirmed));
    }

    private void onOrderPlaced(IncomingEvent<OrderPlaced> event, Connection connection)
            throws SQLException, JsonProcessingException {
        OrderPlaced order = event.data();
        try (PreparedStatement insert = connection.prepareStatement(
                "MERGE INTO recipients (order_id, address, items, amount_cents, gift_message) KEY (order_id)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, order.orderId());
            insert.setString(2, addressOf(order.userId()));
            insert.setString(3, JSON.writeValueAsString(order.items()));
            insert.setLong(4, order.amountCents());
            insert.setString(5, order.giftMessage());
            insert.executeUpdate();
        }
    }

    private void onOrderConfirmed(IncomingEvent<OrderConfirmed> event, Connection connection)
            throws SQLException, IOException {
        String orderId = event.data().orderId();
        ConfirmationMail mail =
                mailOf(connection, orderId, event.metadata().time().toInstant());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO emails (order_id, message_id,"
                        + " address, sent_at_ms) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM emails WHERE order_id = ?)")) {
            insert.setString(1, orderId);
            insert.setString(2, mail.messageId());
            insert.setString(3, mail.to());
            insert.setLong(4, mail.confirmedAt().toEpochMilli());
            insert.setString(5, orderId);
            if (insert.executeUpdate() == 0) {
                return; // this order's mail went out already
            }
        }
        mailbox.deliver(orderId, mail.render());
        events.outbox().add(connection, Topics.EMAILS, new EmailSent(orderId, mail.messageId(), mail.to()));
    }

    private static ConfirmationMail mailOf(Connection connection, String orderId, Instant confirmedAt)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT address, items, amount_cents, gift_message FROM recipients WHERE order_id = ?")) {
            select.setString(1, orderId);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    // OrderPlaced precedes OrderConfirmed on the order's partition; missing means it was lost
                    throw new IllegalStateException("no OrderPlaced seen for confirmed order " + orderId);
                }
                return new ConfirmationMail(
                        orderId,
                        result.getString(1),
                        JSON.readValue(result.getString(2), ITEMS),
                        result.getLong(3),
                        result.getString(4),
                        confirmedAt);
            }
        }
    }

    /** The example's users have no address book: each gets a mailbox at the example's domain. */
    static String addressOf(String userId) {
        return userId.replaceAll("[^A-Za-z0-9._-]", "_") + "@users.herald.example";
    }

    /** The mailbox the confirmations are written to. */
    public Mailbox mailbox() {
        return mailbox;
    }

    /** The service's database, for tests and tools that inspect it. */
    public ServiceDatabase database() {
        return database;
    }

    /** The broker side, to stop and restart the subscriber. */
    public ServiceEvents events() {
        return events;
    }

    /** Stops the subscriber and the relay and closes the database. */
    @Override
    public void close() {
        events.close();
        database.close();
    }

    /** Runs the Email service alone; see {@link ServiceSettings#fromArgs} for the arguments. */
    public static void main(String[] args) throws Exception {
        ServiceMain.run(
                args,
                settings -> start(settings, Clock.systemUTC()),
                service -> "email service: mailbox " + service.mailbox().folder());
    }
}
