package io.herald.examples.orders.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server-sent events connection of {@code GET /api/stream}. The feed's thread only offers changes to this
 * client's bounded queue; the connection's own (request) thread writes them, so a slow browser never holds up the
 * feed. A client whose queue overflows is disconnected: the browser reconnects with {@code Last-Event-ID} and catches
 * up from the feed's current state.
 *
 * <p>Events: {@code snapshot} (the newest orders and alerts, on a fresh connection), {@code order} (an {@link
 * OrderTimeline}), {@code alert} (a {@link FraudAlert}). Each event id is {@code <epoch>-<change sequence>}, the epoch
 * naming this feed instance: an id from another instance (the server restarted and renumbered) gets a snapshot.
 */
final class StreamClient implements FeedListener {
    static final int SNAPSHOT_ORDERS = 200;
    static final int SNAPSHOT_ALERTS = 50;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private record Message(String event, Object data, long sequence) {}

    /** Not sent: wakes the serving loop (its sequence is never above what was sent). */
    private static final Message WAKE = new Message("wake", null, Long.MIN_VALUE);

    private final SseClient sse;
    private final WorkflowFeed feed;
    private final String epoch;
    private final ObjectMapper json;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean overflowed;
    private final CompletableFuture<Void> end = new CompletableFuture<>();

    StreamClient(SseClient sse, WorkflowFeed feed, String epoch, ObjectMapper json) {
        this.sse = sse;
        this.feed = feed;
        this.epoch = epoch;
        this.json = json;
    }

    @Override
    public void onOrderChanged(OrderTimeline timeline) {
        offer(new Message("order", timeline, timeline.changeSequence()));
    }

    @Override
    public void onFraudAlert(FraudAlert alert) {
        offer(new Message("alert", alert, alert.changeSequence()));
    }

    /**
     * Serves the connection on the calling (request) thread until the browser goes away, the queue overflows or
     * {@code stopped} says the server is stopping.
     *
     * @param lastEventId the {@code Last-Event-ID} the browser sent on reconnecting, or null
     */
    void serve(String lastEventId, BooleanSupplier stopped) throws Exception {
        // listen first, then catch up: what changes in between is both queued and in the catch-up, and is skipped
        // from the queue by its sequence
        try (AutoCloseable listening = feed.addListener(this)) {
            long sentUpTo = catchUp(lastEventId);
            long lastWriteNanos = System.nanoTime();
            while (!sse.terminated() && !overflowed && !stopped.getAsBoolean()) {
                Message message = queue.poll(500, TimeUnit.MILLISECONDS);
                if (message != null) {
                    if (message.sequence() > sentUpTo) {
                        send(message);
                        sentUpTo = message.sequence();
                        lastWriteNanos = System.nanoTime();
                    }
                } else if (System.nanoTime() - lastWriteNanos > KEEP_ALIVE.toNanos()) {
                    sse.sendComment("keep-alive"); // also how a vanished browser is noticed
                    lastWriteNanos = System.nanoTime();
                }
            }
        } finally {
            sse.close();
        }
    }

    /** Sends what the browser has not seen; returns the sequence it is now up to. */
    private long catchUp(String lastEventId) throws JsonProcessingException {
        long after = sequenceOf(lastEventId);
        FeedChanges changes = feed.changesAfter(Math.max(after, 0));
        if (after < 0 || after > changes.lastSequence()) {
            List<OrderTimeline> orders = feed.orders(SNAPSHOT_ORDERS);
            List<FraudAlert> alerts = feed.alerts(SNAPSHOT_ALERTS);
            long upTo = changes.lastSequence();
            send(new Message("snapshot", Map.of("lastSequence", upTo, "orders", orders, "alerts", alerts), upTo));
            return upTo;
        }
        List<Message> missed = new ArrayList<>();
        changes.orders().forEach(order -> missed.add(new Message("order", order, order.changeSequence())));
        changes.alerts().forEach(alert -> missed.add(new Message("alert", alert, alert.changeSequence())));
        missed.sort(Comparator.comparingLong(Message::sequence));
        for (Message message : missed) {
            send(message);
        }
        return changes.lastSequence();
    }

    /** The sequence in {@code <epoch>-<sequence>}, or -1 when absent, malformed or of another epoch. */
    private long sequenceOf(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
            return -1;
        }
        try {
            return Long.parseLong(lastEventId.substring(epoch.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void send(Message message) throws JsonProcessingException {
        sse.sendEvent(message.event(), json.writeValueAsString(message.data()), epoch + "-" + message.sequence());
    }

    /** Makes a waiting {@link #serve} look at its stop condition now rather than at its next poll. */
    void wake() {
        queue.offer(WAKE);
    }

    /** Completes once the connection's handler has returned. */
    CompletableFuture<Void> end() {
        return end;
    }

    /** Called by the handler as it returns. */
    void ended() {
        end.complete(null);
    }

    private void offer(Message message) {
        if (!queue.offer(message)) {
            overflowed = true;
        }
    }
}
