package io.herald.examples.orders.web;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The join: order events grouped into one timeline per correlation id, and the fraud alerts, in bounded memory. Every
 * change (an event new to its order, a new alert) takes the next change sequence; a duplicate delivery (an event id the
 * order already has) changes nothing.
 *
 * <p>Bounds: at most {@code maxOrders} orders, the least recently changed one evicted first (so an order still moving
 * is kept; a late event of an evicted order starts a new, partial timeline), and at most {@code maxAlerts} alerts, the
 * oldest evicted first.
 *
 * <p>Thread-safety: one {@link ReentrantLock} guards all state; the feed's thread writes, HTTP threads read. Snapshots
 * handed out are immutable.
 */
final class OrderTimelines {
    /** By event time, events without one last; the stable sort keeps arrival (so offset) order for ties. */
    private static final Comparator<TimelineEntry> BY_TIME =
            Comparator.comparing(TimelineEntry::time, Comparator.nullsLast(Comparator.<Instant>naturalOrder()));

    private final int maxOrders;
    private final int maxAlerts;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. By correlation id, least recently changed first (a change moves an order to the end). */
    private final LinkedHashMap<String, Joined> orders = new LinkedHashMap<>();
    /** Guarded by lock. Order id to correlation id, for the orders kept. */
    private final Map<String, String> correlationByOrderId = new HashMap<>();
    /** Guarded by lock. Oldest first. */
    private final ArrayDeque<FraudAlert> alerts = new ArrayDeque<>();
    /** Guarded by lock. The ids of the alerts kept. */
    private final Set<String> alertIds = new HashSet<>();
    /** Guarded by lock. */
    private long sequence;

    OrderTimelines(int maxOrders, int maxAlerts) {
        if (maxOrders < 1 || maxAlerts < 1) {
            throw new IllegalArgumentException(
                    "maxOrders and maxAlerts must be >= 1, were " + maxOrders + " and " + maxAlerts);
        }
        this.maxOrders = maxOrders;
        this.maxAlerts = maxAlerts;
    }

    /** Joins {@code entry} to its order; the order's new snapshot, or empty if the order already had that event. */
    Optional<OrderTimeline> add(TimelineEntry entry) {
        lock.lock();
        try {
            Joined joined = orders.remove(entry.correlationId());
            if (joined == null) {
                joined = new Joined(entry.correlationId(), sequence + 1);
            } else if (!joined.eventIds.add(entry.eventId())) {
                orders.put(entry.correlationId(), joined); // a duplicate: back in its place, unchanged
                return Optional.empty();
            }
            joined.eventIds.add(entry.eventId());
            joined.entries.add(entry);
            joined.snapshot = joined.snapshot(++sequence);
            orders.put(entry.correlationId(), joined);
            if (entry.orderId() != null) {
                correlationByOrderId.put(entry.orderId(), entry.correlationId());
            }
            evictOrders();
            return Optional.of(joined.snapshot);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps {@code alert}, numbered; empty if an alert with its id is already kept. */
    Optional<FraudAlert> add(FraudAlert alert) {
        lock.lock();
        try {
            if (!alertIds.add(alert.eventId())) {
                return Optional.empty();
            }
            FraudAlert numbered = alert.withChangeSequence(++sequence);
            alerts.addLast(numbered);
            while (alerts.size() > maxAlerts) {
                alertIds.remove(alerts.removeFirst().eventId());
            }
            return Optional.of(numbered);
        } finally {
            lock.unlock();
        }
    }

    /** The order with this order id (or correlation id), if kept. */
    Optional<OrderTimeline> find(String orderId) {
        lock.lock();
        try {
            Joined joined = orders.get(correlationByOrderId.getOrDefault(orderId, orderId));
            return joined == null ? Optional.empty() : Optional.of(joined.snapshot);
        } finally {
            lock.unlock();
        }
    }

    /** At most {@code limit} orders, the most recently first seen first. */
    List<OrderTimeline> newest(int limit) {
        lock.lock();
        try {
            return orders.values().stream()
                    .map(joined -> joined.snapshot)
                    .sorted(Comparator.comparingLong(OrderTimeline::firstSequence)
                            .reversed())
                    .limit(limit)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** At most {@code limit} alerts, newest first. */
    List<FraudAlert> newestAlerts(int limit) {
        lock.lock();
        try {
            List<FraudAlert> newest = new ArrayList<>(Math.min(limit, alerts.size()));
            Iterator<FraudAlert> descending = alerts.descendingIterator();
            while (descending.hasNext() && newest.size() < limit) {
                newest.add(descending.next());
            }
            return newest;
        } finally {
            lock.unlock();
        }
    }

    /** What changed after {@code afterSequence}, as it is now. */
    FeedChanges changesAfter(long afterSequence) {
        lock.lock();
        try {
            List<OrderTimeline> changed = new ArrayList<>();
            // least recently changed first, so the changed ones are a suffix: walk it from the end
            List<Joined> all = new ArrayList<>(orders.values());
            for (int i = all.size() - 1; i >= 0 && all.get(i).snapshot.changeSequence() > afterSequence; i--) {
                changed.add(all.get(i).snapshot);
            }
            changed.sort(Comparator.comparingLong(OrderTimeline::changeSequence));
            List<FraudAlert> newAlerts = alerts.stream()
                    .filter(alert -> alert.changeSequence() > afterSequence)
                    .toList();
            return new FeedChanges(sequence, changed, newAlerts);
        } finally {
            lock.unlock();
        }
    }

    /** The latest change sequence (0 before the first change). */
    long lastSequence() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    /** The number of orders kept. */
    int size() {
        lock.lock();
        try {
            return orders.size();
        } finally {
            lock.unlock();
        }
    }

    private void evictOrders() {
        Iterator<Joined> eldest = orders.values().iterator();
        while (orders.size() > maxOrders) {
            Joined evicted = eldest.next();
            eldest.remove();
            String orderId = evicted.snapshot.orderId();
            if (orderId != null) {
                correlationByOrderId.remove(orderId, evicted.correlationId);
            }
        }
    }

    /** The mutable side of one order, owned by the enclosing lock. */
    private static final class Joined {
        final String correlationId;
        final long firstSequence;
        final List<TimelineEntry> entries = new ArrayList<>();
        final Set<String> eventIds = new HashSet<>();
        OrderTimeline snapshot;

        Joined(String correlationId, long firstSequence) {
            this.correlationId = correlationId;
            this.firstSequence = firstSequence;
        }

        @SuppressWarnings("unchecked")
        OrderTimeline snapshot(long changeSequence) {
            List<TimelineEntry> ordered = new ArrayList<>(entries);
            ordered.sort(BY_TIME);
            String orderId = null;
            String userId = null;
            String location = null;
            Long amountCents = null;
            List<Map<String, Object>> items = List.of();
            for (TimelineEntry entry : ordered) {
                Map<String, Object> data = entry.data();
                orderId = orderId != null ? orderId : entry.orderId();
                userId = userId != null ? userId : text(data.get("userId"));
                location = location != null ? location : text(data.get("location"));
                if (amountCents == null && data.get("amountCents") instanceof Number amount) {
                    amountCents = amount.longValue();
                }
                if (entry.type().equals("OrderPlaced") && data.get("items") instanceof List<?> placed) {
                    items = placed.stream()
                            .filter(Map.class::isInstance)
                            .map(item -> (Map<String, Object>) item)
                            .toList();
                }
            }
            return new OrderTimeline(
                    orderId != null ? orderId : correlationId,
                    correlationId,
                    userId,
                    location,
                    amountCents,
                    items,
                    OrderStateTable.derive(ordered),
                    ordered,
                    firstSequence,
                    changeSequence);
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }
}
