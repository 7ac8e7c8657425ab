package io.herald.examples.orders.load;

import io.herald.examples.orders.Catalog;
import io.herald.examples.orders.order.OrderService;
import io.herald.examples.orders.order.PlaceOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places many orders through the Order service, as a crowd of users would: each normal user places at most
 * {@value #ORDERS_PER_NORMAL_USER} orders from one location, so none can reach the fraud rule's 5 orders a minute;
 * with a fraud burst, one more user places {@value #BURST_ORDERS} orders from two locations, halfway through: all but
 * the last back to back, the last once the fraud alert has put the user under review (or after
 * {@code BURST_ALERT_WAIT}), so that the burst shows both sides: orders already decided stay decided, the one placed
 * under review is held. Users are named after the run ({@code user-<run>-<n>}, {@code fraudster-<run>}) so runs do not add up.
 * Items are random (seeded per run), mostly plentiful SKUs, sometimes the scarce lamp. Thread-safe.
 */
public final class LoadGenerator {
    /** Orders of each normal user in one run: below the fraud rule's 5. */
    public static final int ORDERS_PER_NORMAL_USER = 4;
    /** Orders of the fraud burst: above the fraud rule's 5. */
    public static final int BURST_ORDERS = 6;

    /** How long the burst's last order waits for the alert; normal orders go on meanwhile. */
    private static final java.time.Duration BURST_ALERT_WAIT = java.time.Duration.ofSeconds(60);

    private static final List<String> CITIES =
            List.of("Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Toronto", "Berlin", "Dakar");
    private static final List<String> BURST_CITIES = List.of("Paris", "Manila");

    private final OrderService orders;
    private final AtomicInteger runs = new AtomicInteger();

    /** Places orders through {@code orders}. */
    public LoadGenerator(OrderService orders) {
        this.orders = orders;
    }

    /**
     * A load in progress.
     *
     * @param runId names the run's users
     * @param normalOrders how many normal orders it places
     * @param fraudUserId the burst's user, or null without a burst
     * @param placed how many orders it has placed so far
     * @param done completes when every order is placed (exceptionally if one could not be)
     */
    public record LoadRun(
            String runId, int normalOrders, String fraudUserId, AtomicInteger placed, CompletableFuture<Void> done) {}

    /**
     * Starts placing {@code count} normal orders (and the burst, if asked) on a virtual thread.
     *
     * @throws IllegalArgumentException if count is negative or above 100,000
     */
    public LoadRun start(int count, boolean fraudBurst) {
        if (count < 0 || count > 100_000) {
            throw new IllegalArgumentException("count must be within [0, 100000], was " + count);
        }
        String runId = Integer.toString(runs.incrementAndGet()) + "-" + Long.toString(System.nanoTime() % 100_000, 36);
        LoadRun run = new LoadRun(
                runId, count, fraudBurst ? "fraudster-" + runId : null, new AtomicInteger(), new CompletableFuture<>());
        Thread.ofVirtual().name("order-load-" + runId).start(() -> {
            try {
                CompletableFuture<Void> burstEnd = place(run);
                burstEnd.join();
                run.done().complete(null);
            } catch (Exception e) {
                run.done().completeExceptionally(e);
            }
        });
        return run;
    }

    // returns when the normal orders are placed; the future completes when the burst's last order is
    private CompletableFuture<Void> place(LoadRun run) throws Exception {
        Random random = new Random(run.runId().hashCode());
        int burstAt = run.normalOrders() / 2;
        CompletableFuture<Void> burstEnd = CompletableFuture.completedFuture(null);
        for (int n = 0; n < run.normalOrders(); n++) {
            if (n == burstAt && run.fraudUserId() != null) {
                burstEnd = placeBurst(run, new Random(random.nextLong()));
            }
            int user = n / ORDERS_PER_NORMAL_USER;
            String city = CITIES.get(user % CITIES.size());
            orders.place(new PlaceOrder("user-" + run.runId() + "-" + user, city, items(random)));
            run.placed().incrementAndGet();
        }
        if (run.normalOrders() == 0 && run.fraudUserId() != null) {
            burstEnd = placeBurst(run, random);
        }
        return burstEnd;
    }

    private CompletableFuture<Void> placeBurst(LoadRun run, Random random) throws Exception {
        for (int i = 0; i < BURST_ORDERS - 1; i++) {
            placeBurstOrder(run, random, i);
        }
        CompletableFuture<Void> last = new CompletableFuture<>();
        Thread.ofVirtual().name("order-load-" + run.runId() + "-burst").start(() -> {
            try {
                long deadline = System.nanoTime() + BURST_ALERT_WAIT.toNanos();
                while (!orders.underReview(run.fraudUserId()) && System.nanoTime() < deadline) {
                    Thread.sleep(100); // polling the Order service's own table; nothing to be notified by
                }
                placeBurstOrder(run, random, BURST_ORDERS - 1);
                last.complete(null);
            } catch (Exception e) {
                last.completeExceptionally(e);
            }
        });
        return last;
    }

    private void placeBurstOrder(LoadRun run, Random random, int i) throws Exception {
        String city = BURST_CITIES.get(i % BURST_CITIES.size());
        orders.place(new PlaceOrder(run.fraudUserId(), city, items(random)));
        run.placed().incrementAndGet();
    }

    private static List<PlaceOrder.Line> items(Random random) {
        List<Catalog.Product> plentiful = Catalog.PRODUCTS.subList(0, Catalog.PRODUCTS.size() - 1);
        List<PlaceOrder.Line> lines = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        List<Catalog.Product> shuffled = new ArrayList<>(plentiful);
        java.util.Collections.shuffle(shuffled, random);
        for (int i = 0; i < count; i++) {
            lines.add(new PlaceOrder.Line(shuffled.get(i).sku(), 1 + random.nextInt(3)));
        }
        if (random.nextInt(20) == 0) { // one order in 20 also wants the scarce lamp
            lines.add(new PlaceOrder.Line(Catalog.PRODUCTS.getLast().sku(), 1 + random.nextInt(2)));
        }
        return lines;
    }
}
