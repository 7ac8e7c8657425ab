package io.herald.examples.orders.order;

import io.herald.client.EventSubscriber;
import io.herald.client.IncomingEvent;
import io.herald.examples.orders.Catalog;
import io.herald.examples.orders.OrderCorrelation;
import io.herald.examples.orders.ServiceDatabase;
import io.herald.examples.orders.ServiceEvents;
import io.herald.examples.orders.ServiceMain;
import io.herald.examples.orders.ServiceSettings;
import io.herald.examples.orders.Topics;
import io.herald.examples.orders.events.FraudSuspected;
import io.herald.examples.orders.events.LineItem;
import io.herald.examples.orders.events.OrderCancelled;
import io.herald.examples.orders.events.OrderConfirmed;
import io.herald.examples.orders.events.OrderHeld;
import io.herald.examples.orders.events.OrderPlaced;
import io.herald.examples.orders.events.OrderRejected;
import io.herald.examples.orders.events.PaymentFailed;
import io.herald.examples.orders.events.PaymentSucceeded;
import io.herald.examples.orders.events.StockRejected;
import io.herald.examples.orders.events.StockReserved;
import io.herald.examples.orders.web.WorkflowWeb;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The Order service: accepts orders (the order row and OrderPlaced in one transaction, through the outbox), follows
 * each order's state from the inventory, payment and fraud events (see {@link OrderState}) and announces each
 * decision: OrderConfirmed, OrderRejected, OrderCancelled, OrderHeld. Its data lives in its own H2 database under
 * {@code <dataDir>/order}. Every handler runs once per event id (inbox) and only from the states its transition
 * names, so a redelivered or reordered event has no second effect. Thread-safe.
 */
public final class OrderService implements AutoCloseable {
    /** The service's consumer group and inbox consumer. */
    public static final String GROUP = "order-service";

    /** How long a fraud alert keeps its user under review: the user's new orders are held meanwhile. */
    public static final Duration REVIEW_PERIOD = Duration.ofMinutes(10);

    private static final Set<OrderState> BEFORE_STOCK = EnumSet.of(OrderState.PLACED);
    private static final Set<OrderState> BEFORE_PAYMENT = EnumSet.of(OrderState.PLACED, OrderState.STOCK_RESERVED);
    private static final Set<OrderState> UNDECIDED =
            EnumSet.of(OrderState.PLACED, OrderState.STOCK_RESERVED, OrderState.HELD);

    private final ServiceDatabase database;
    private final OrderStore store;
    private final ServiceEvents events;
    private final Clock clock;

    private OrderService(ServiceDatabase database, OrderStore store, ServiceEvents events, Clock clock) {
        this.database = database;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** Opens the database, starts the outbox relay and subscribes to inventory, payment and fraud events. */
    public static OrderService start(ServiceSettings settings, Clock clock) throws SQLException {
        ServiceDatabase database = ServiceDatabase.open(settings.dataDir(), "order");
        OrderStore store = new OrderStore(database);
        ServiceEvents events = new ServiceEvents(
                database,
                clock,
                settings,
                "/orders",
                Topics.ORDERS,
                GROUP,
                Topics.INVENTORY,
                Topics.PAYMENTS,
                Topics.FRAUD_ALERTS);
        OrderService service = new OrderService(database, store, events, clock);
        events.startSubscriber(service::handlers);
        return service;
    }

    private EventSubscriber.Builder handlers(EventSubscriber.Builder builder) {
        return builder.on(StockReserved.class, events.once(this::onStockReserved))
                .on(StockRejected.class, events.once(this::onStockRejected))
                .on(PaymentSucceeded.class, events.once(this::onPaymentSucceeded))
                .on(PaymentFailed.class, events.once(this::onPaymentFailed))
                .on(FraudSuspected.class, events.once(this::onFraudSuspected));
    }

    /**
     * Places an order: quotes the catalog prices, writes the order (PLACED) and OrderPlaced in one transaction. If a
     * fraud alert put the user under review within the {@link #REVIEW_PERIOD}, the same transaction holds the order
     * (HELD, OrderHeld caused by that alert).
     *
     * @throws IllegalArgumentException if the request is incomplete or names an unknown SKU, saying which
     */
    public OrderView place(PlaceOrder request) throws SQLException {
        OrderPlaced placed = quote(request);
        String heldFor = events.inTransaction(connection -> {
            store.insert(connection, placed);
            OrderCorrelation.of(placed.orderId(), null, () -> events.outbox().add(connection, Topics.ORDERS, placed));
            Optional<String> alert = store.alertSince(
                    connection, placed.userId(), placed.placedAt().minus(REVIEW_PERIOD));
            if (alert.isEmpty()) {
                return null;
            }
            String reason = "held for fraud review: the user is under review after fraud alert " + alert.get();
            store.transition(connection, placed.orderId(), BEFORE_STOCK, OrderState.HELD, reason, placed.placedAt());
            OrderCorrelation.of(
                    placed.orderId(),
                    alert.get(),
                    () -> events.outbox().add(connection, Topics.ORDERS, new OrderHeld(placed.orderId(), reason)));
            return reason;
        });
        return new OrderView(
                placed.orderId(),
                placed.userId(),
                placed.location(),
                placed.items(),
                placed.amountCents(),
                heldFor == null ? OrderState.PLACED : OrderState.HELD,
                heldFor,
                placed.placedAt(),
                placed.placedAt());
    }

    /** Whether a fraud alert put {@code userId} under review within the {@link #REVIEW_PERIOD}. */
    public boolean underReview(String userId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            return store.alertSince(connection, userId, clock.instant().minus(REVIEW_PERIOD))
                    .isPresent();
        }
    }

    private OrderPlaced quote(PlaceOrder request) {
        if (request == null || blank(request.userId()) || blank(request.location())) {
            throw new IllegalArgumentException("an order needs a userId and a location, was " + request);
        }
        if (request.items() == null || request.items().isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item {sku, quantity}");
        }
        List<LineItem> items = new ArrayList<>();
        for (PlaceOrder.Line line : request.items()) {
            Catalog.Product product = Catalog.find(line.sku())
                    .orElseThrow(() -> new IllegalArgumentException("unknown sku '" + line.sku() + "'; the catalog has "
                            + Catalog.PRODUCTS.stream()
                                    .map(Catalog.Product::sku)
                                    .toList()));
            if (line.quantity() < 1 || line.quantity() > 100) {
                throw new IllegalArgumentException(
                        "quantity of " + line.sku() + " must be within [1, 100], was " + line.quantity());
            }
            items.add(new LineItem(product.sku(), line.quantity(), product.priceCents()));
        }
        long amountCents = items.stream().mapToLong(LineItem::totalCents).sum();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String giftMessage =
                blank(request.giftMessage()) ? null : request.giftMessage().strip();
        if (giftMessage != null && giftMessage.length() > OrderPlaced.MAX_GIFT_MESSAGE_CHARS) {
            throw new IllegalArgumentException("giftMessage must be at most " + OrderPlaced.MAX_GIFT_MESSAGE_CHARS
                    + " characters, was " + giftMessage.length());
        }
        return new OrderPlaced(
                UUID.randomUUID().toString(),
                request.userId(),
                request.location(),
                items,
                amountCents,
                now,
                giftMessage);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The order, if known. */
    public Optional<OrderView> find(String orderId) throws SQLException {
        return store.find(orderId);
    }

    /** The {@code limit} most recently placed orders, newest first. */
    public List<OrderView> newest(int limit) throws SQLException {
        return store.newest(limit);
    }

    private void onStockReserved(IncomingEvent<StockReserved> event, Connection connection) throws SQLException {
        store.transition(
                connection, event.data().orderId(), BEFORE_STOCK, OrderState.STOCK_RESERVED, null, clock.instant());
    }

    private void onStockRejected(IncomingEvent<StockRejected> event, Connection connection) throws SQLException {
        String orderId = event.data().orderId();
        String reason = event.data().reason();
        // a held order's stock decision still counts: without stock there is nothing to review
        if (store.transition(connection, orderId, UNDECIDED, OrderState.REJECTED, reason, clock.instant())) {
            events.outbox().add(connection, Topics.ORDERS, new OrderRejected(orderId, reason));
        }
    }

    private void onPaymentSucceeded(IncomingEvent<PaymentSucceeded> event, Connection connection) throws SQLException {
        String orderId = event.data().orderId();
        // confirmed in the same transaction as the payment is recorded, so a fraud hold cannot fall in between;
        // a HELD order stays held (paid, awaiting review)
        if (store.transition(connection, orderId, BEFORE_PAYMENT, OrderState.CONFIRMED, null, clock.instant())) {
            events.outbox().add(connection, Topics.ORDERS, new OrderConfirmed(orderId));
        }
    }

    private void onPaymentFailed(IncomingEvent<PaymentFailed> event, Connection connection) throws SQLException {
        String orderId = event.data().orderId();
        String reason = "payment failed: " + event.data().reason();
        if (store.transition(connection, orderId, UNDECIDED, OrderState.CANCELLED, reason, clock.instant())) {
            events.outbox().add(connection, Topics.ORDERS, new OrderCancelled(orderId, reason));
        }
    }

    private void onFraudSuspected(IncomingEvent<FraudSuspected> event, Connection connection) throws SQLException {
        FraudSuspected alert = event.data();
        Instant now = clock.instant();
        store.recordAlert(connection, event.id(), alert.userId(), alert.purchases(), alert.locations(), now);
        String reason = "held for fraud review: " + alert.purchases() + " orders from " + alert.locations()
                + " locations within 1 minute";
        for (String orderId : store.orderIdsOf(connection, alert.userId(), BEFORE_PAYMENT)) {
            if (store.transition(connection, orderId, BEFORE_PAYMENT, OrderState.HELD, reason, now)) {
                OrderCorrelation.of(
                        orderId,
                        event.id(),
                        () -> events.outbox().add(connection, Topics.ORDERS, new OrderHeld(orderId, reason)));
            }
        }
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

    /**
     * Runs the Order service alone, with its HTTP API and the page at {@code /}; see {@link ServiceSettings#fromArgs}
     * for the arguments.
     */
    public static void main(String[] args) throws Exception {
        ServiceMain.run(
                args,
                settings -> {
                    OrderService service = start(settings, Clock.systemUTC());
                    OrderHttpApi api = OrderHttpApi.start(
                            service,
                            settings.httpPort(),
                            config -> WorkflowWeb.install(config, settings.bootstrapServers()));
                    return new Running(service, api);
                },
                running -> "order service: the page at http://localhost:"
                        + running.api().port() + "/");
    }

    /** The service and its HTTP API, as {@link #main} runs them. */
    private record Running(OrderService service, OrderHttpApi api) implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            service.close();
        }
    }
}
