import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rebalance time of one consumer group, seen from its members: how long until the members own the topic's
 * partitions, at the group's start, after a member leaves, and after a member joins.
 *
 * <pre>
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/RebalanceTime.java \
 *     --bootstrap-server 127.0.0.1:9092 --topic t --group g [--members 10] [--protocol classic|consumer]
 *     [--poll-ms 50] [--settle-ms 3000] [--jitter-ms 3000|5000] [--timeout-ms 120000]
 *     [--consumer-property key=value]...
 * </pre>
 *
 * Each member is a KafkaConsumer polling on its own thread ({@code poll(--poll-ms)}), subscribed to the topic with a
 * ConsumerRebalanceListener that records what it owns: onPartitionsAssigned adds, onPartitionsRevoked and
 * onPartitionsLost remove (eager and incremental protocols alike). The group must be new: members start from
 * scratch. Consumers: {@code group.protocol=--protocol}, {@code enable.auto.commit=false} (no commits in the way of a
 * leave), {@code auto.offset.reset=earliest}, client defaults otherwise (classic: the default assignors, range
 * first; heartbeat.interval.ms 3000; consumer: the broker's server-side assignor and heartbeat interval).
 *
 * <p>Three phases, one after the other, each starting once the one before has settled (--settle-ms) and then a random
 * time below --jitter-ms (default: the heartbeat interval, 3000 ms classic, 5000 ms consumer), so that leaves and joins
 * fall at random points of the members' heartbeat cycle:
 *
 * <ol>
 *   <li>{@code join}: the --members consumers are created, then all subscribe at once; the clock starts at the first
 *       subscribe.
 *   <li>{@code leave}: the last member closes (a clean leave: LeaveGroup, or a heartbeat with epoch -1); the clock
 *       starts when its thread is told to close, and its partitions no longer count from then on.
 *   <li>{@code add}: one more consumer (the --members + 1st), created beforehand, subscribes and joins the members that
 *       are left (--members again); the clock starts at its subscribe.
 * </ol>
 *
 * For each phase, with N the members counted in it and P the partitions: {@code complete_ms} is the time until every
 * member owns at least one partition and together they own all P, none twice; {@code balanced_ms} until, in
 * addition, each owns floor(P/N) or ceil(P/N) (what the range, cooperative-sticky and uniform assignors give a single
 * topic). After that the tool waits --settle-ms and counts ownership changes meanwhile ({@code late_events}: a group
 * that keeps moving partitions after it looked done). Output, one line per phase:
 *
 * <pre>
 * phase=join protocol=classic members=10 partitions=20 status=ok complete_ms=6123.4 balanced_ms=6123.4 events=20
 *     late_events=0 close_ms=-
 * </pre>
 *
 * {@code events} counts the callbacks (assigned, revoked, lost) of the phase's members before balanced_ms;
 * {@code close_ms} is how long the leaving member's close() took. status: {@code ok}; {@code unbalanced} (complete but
 * not balanced within --timeout-ms); {@code timeout} (not complete within it; the owners are printed on stderr);
 * {@code failed} (a member's poll threw: the exception is on stderr). Times have the resolution of the callbacks:
 * they run inside poll(), so within about --poll-ms of the broker's answer. Exit status 1 if any phase is not ok.
 */
public class RebalanceTime {
    private static String bootstrap;
    private static String topic;
    private static String group;
    private static String protocol = "classic";
    private static int members = 10;
    private static long pollMs = 50;
    private static long settleMs = 3000;
    private static long timeoutMs = 120_000;
    private static long jitterMs = -1;
    private static final Map<String, String> extraProperties = new HashMap<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) usage("option " + args[i] + " needs a value");
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--topic" -> topic = value;
                case "--group" -> group = value;
                case "--protocol" -> protocol = value;
                case "--members" -> members = Integer.parseInt(value);
                case "--poll-ms" -> pollMs = Long.parseLong(value);
                case "--settle-ms" -> settleMs = Long.parseLong(value);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
                case "--jitter-ms" -> jitterMs = Long.parseLong(value);
                case "--consumer-property" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) usage("--consumer-property takes key=value, was " + value);
                    extraProperties.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || topic == null || group == null) {
            usage("--bootstrap-server, --topic and --group are required");
        }
        if (!protocol.equals("classic") && !protocol.equals("consumer")) {
            usage("--protocol takes classic or consumer, was " + protocol);
        }
        if (members < 2 || pollMs < 1 || settleMs < 0 || timeoutMs < 1) {
            usage("--members >= 2, --poll-ms >= 1, --settle-ms >= 0, --timeout-ms >= 1");
        }
        if (jitterMs < 0) jitterMs = protocol.equals("classic") ? 3000 : 5000;

        int partitions = partitionCount();
        if (partitions < members + 1) {
            usage(topic + " has " + partitions + " partitions; " + (members + 1)
                    + " members need at least as many to each own one");
        }
        Ownership ownership = new Ownership(partitions);
        List<Member> live = new ArrayList<>();
        boolean allOk = true;
        try {
            // join: create every member first (off the clock), then release them together.
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < members; i++) live.add(Member.start(i, ownership, go));
            for (Member m : live) m.awaitCreated();
            ownership.startPhase("join", indexes(live));
            go.countDown();
            allOk &= report(ownership, live, null);

            // leave: the last member closes, at a random point of the members' heartbeat cycle.
            jitter();
            Member leaving = live.removeLast();
            ownership.startPhase("leave", indexes(live));
            leaving.stop();
            allOk &= report(ownership, live, leaving);

            // add: one more member (the members + 1st consumer), created beforehand, joins those left.
            CountDownLatch goNew = new CountDownLatch(1);
            Member joining = Member.start(members, ownership, goNew);
            joining.awaitCreated();
            jitter();
            live.add(joining);
            ownership.startPhase("add", indexes(live));
            goNew.countDown();
            allOk &= report(ownership, live, null);
        } finally {
            for (Member m : live) m.stop();
            for (Member m : live) m.awaitClosed(60_000);
        }
        System.exit(allOk ? 0 : 1);
    }

    /** Waits for the current phase to end, prints its line, and says whether it went well. */
    private static boolean report(Ownership ownership, List<Member> live, Member leaving) throws InterruptedException {
        Ownership.Result r = ownership.awaitPhase(timeoutMs, settleMs);
        String closeMs = "-";
        if (leaving != null) {
            leaving.awaitClosed(60_000);
            closeMs = leaving.closeMs() < 0 ? "unfinished" : String.format("%.1f", leaving.closeMs());
        }
        System.out.printf(
                "phase=%s protocol=%s members=%d partitions=%d status=%s complete_ms=%s balanced_ms=%s events=%d"
                        + " late_events=%d close_ms=%s%n",
                r.phase(),
                protocol,
                live.size(),
                ownership.partitions,
                r.status(),
                ms(r.completeNanos()),
                ms(r.balancedNanos()),
                r.events(),
                r.lateEvents(),
                closeMs);
        System.out.flush();
        if (!r.status().equals("ok")) System.err.println("RebalanceTime: " + r.phase() + ": " + r.detail());
        return r.status().equals("ok");
    }

    /**
     * Sleeps a random time below --jitter-ms. Without it, the fixed settle time would put every leave and join at the
     * same point of the members' heartbeat cycle (they heartbeat at a fixed interval from the last rebalance), and
     * every repetition would measure the same fraction of a heartbeat interval.
     */
    private static void jitter() throws InterruptedException {
        if (jitterMs > 0) Thread.sleep(ThreadLocalRandom.current().nextLong(jitterMs));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "-" : String.format("%.1f", nanos / 1e6);
    }

    private static Set<Integer> indexes(List<Member> group) {
        Set<Integer> result = new TreeSet<>();
        for (Member m : group) result.add(m.index);
        return result;
    }

    private static int partitionCount() {
        Properties props = consumerProperties("rebalance-time-metadata");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            return infos == null ? 0 : infos.size();
        }
    }

    static Properties consumerProperties(String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(extraProperties);
        return props;
    }

    /** One consumer on its own thread: created, then subscribes when released, polls until stopped, closes. */
    private static final class Member implements Runnable, ConsumerRebalanceListener {
        final int index;
        private final Ownership ownership;
        private final CountDownLatch go;
        private final CountDownLatch created = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private volatile boolean stopping;
        private volatile long closeStartNanos;
        private volatile long closeEndNanos;
        private volatile Throwable failure;

        private Member(int index, Ownership ownership, CountDownLatch go) {
            this.index = index;
            this.ownership = ownership;
            this.go = go;
        }

        static Member start(int index, Ownership ownership, CountDownLatch go) {
            Member m = new Member(index, ownership, go);
            Thread thread = new Thread(m, "member-" + index);
            thread.setDaemon(true);
            thread.start();
            return m;
        }

        @Override
        public void run() {
            try {
                consumer = new KafkaConsumer<>(consumerProperties("rebalance-time-" + index));
                created.countDown();
                go.await();
                if (!stopping) consumer.subscribe(List.of(topic), this);
                while (!stopping) {
                    try {
                        consumer.poll(Duration.ofMillis(pollMs));
                    } catch (WakeupException e) {
                        // close() or stop() woke the poll up
                    }
                }
            } catch (Throwable t) {
                failure = t;
                ownership.onFailure(index, t);
            } finally {
                created.countDown();
                closeStartNanos = System.nanoTime();
                try {
                    if (consumer != null) consumer.close();
                } catch (Throwable t) {
                    System.err.println("RebalanceTime: member " + index + ": close failed: " + t);
                }
                closeEndNanos = System.nanoTime();
                closed.countDown();
            }
        }

        void awaitCreated() throws InterruptedException {
            if (!created.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("member " + index + " stuck");
            if (failure != null) throw new IllegalStateException("member " + index + " failed", failure);
        }

        /** Tells the member to stop polling and close, without waiting. */
        void stop() {
            stopping = true;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) c.wakeup();
        }

        void awaitClosed(long ms) throws InterruptedException {
            closed.await(ms, TimeUnit.MILLISECONDS);
        }

        double closeMs() {
            return closed.getCount() > 0 ? -1 : (closeEndNanos - closeStartNanos) / 1e6;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ownership.onChange(index, partitions, List.of());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            ownership.onChange(index, List.of(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            ownership.onChange(index, List.of(), partitions);
        }
    }

    /** Who owns what, as the members' callbacks said, and when the phase's members first owned it all. */
    private static final class Ownership {
        record Result(
                String phase,
                String status,
                long completeNanos,
                long balancedNanos,
                int events,
                int lateEvents,
                String detail) {}

        final int partitions;
        private final Map<Integer, Set<TopicPartition>> owned = new HashMap<>();
        private Set<Integer> counted = Set.of();
        private String phase = "";
        private long startNanos;
        private long completeNanos = -1;
        private long balancedNanos = -1;
        private int events;
        private int lateEvents;
        private String failure;

        Ownership(int partitions) {
            this.partitions = partitions;
        }

        synchronized void startPhase(String name, Set<Integer> members) {
            phase = name;
            counted = Set.copyOf(members);
            owned.keySet().retainAll(counted);
            startNanos = System.nanoTime();
            completeNanos = -1;
            balancedNanos = -1;
            events = 0;
            lateEvents = 0;
            check();
        }

        synchronized void onChange(int member, Collection<TopicPartition> added, Collection<TopicPartition> removed) {
            if (!counted.contains(member)) return; // the leaving member's own revocation
            Set<TopicPartition> set = owned.computeIfAbsent(member, k -> new HashSet<>());
            set.addAll(added);
            set.removeAll(removed);
            if (balancedNanos < 0) events++;
            else lateEvents++;
            check();
        }

        synchronized void onFailure(int member, Throwable t) {
            failure = "member " + member + ": " + t;
            t.printStackTrace();
            notifyAll();
        }

        private void check() {
            long now = System.nanoTime();
            int sum = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            Set<TopicPartition> union = new HashSet<>();
            for (int m : counted) {
                Set<TopicPartition> set = owned.getOrDefault(m, Set.of());
                sum += set.size();
                min = Math.min(min, set.size());
                max = Math.max(max, set.size());
                union.addAll(set);
            }
            boolean complete = min >= 1 && sum == partitions && union.size() == partitions;
            int n = counted.size();
            boolean balanced = complete && min >= partitions / n && max <= (partitions + n - 1) / n;
            if (complete && completeNanos < 0) completeNanos = now - startNanos;
            if (balanced && balancedNanos < 0) balancedNanos = now - startNanos;
            notifyAll();
        }

        /** Waits until balanced (or the timeout), then the settle time; the phase's figures. */
        synchronized Result awaitPhase(long timeoutMs, long settleMs) throws InterruptedException {
            long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (balancedNanos < 0 && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (failure != null) return result("failed", failure);
            if (balancedNanos < 0) return result(completeNanos < 0 ? "timeout" : "unbalanced", owners());
            long settleEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settleMs);
            for (long left; (left = settleEnd - System.nanoTime()) > 0 && failure == null; ) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (failure != null) return result("failed", failure);
            return result("ok", "");
        }

        private Result result(String status, String detail) {
            return new Result(phase, status, completeNanos, balancedNanos, events, lateEvents, detail);
        }

        private String owners() {
            Map<Integer, Set<Integer>> byMember = new TreeMap<>();
            for (int m : counted) {
                Set<Integer> ps = new TreeSet<>();
                for (TopicPartition tp : owned.getOrDefault(m, Set.of())) ps.add(tp.partition());
                byMember.put(m, ps);
            }
            return "no balanced ownership within the timeout; owners now (member=[partitions]): " + byMember;
        }
    }

    private static void usage(String problem) {
        System.err.println("RebalanceTime: " + problem);
        System.err.println("usage: --bootstrap-server HOST:PORT --topic T --group G [--members N]"
                + " [--protocol classic|consumer] [--poll-ms MS] [--settle-ms MS] [--jitter-ms MS] [--timeout-ms MS]"
                + " [--consumer-property key=value]...");
        System.exit(2);
    }
}
