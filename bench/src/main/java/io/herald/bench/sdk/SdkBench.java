package io.herald.bench.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.herald.client.EventPublisher;
import io.herald.client.EventSubscriber;
import io.herald.client.EventType;
import io.herald.client.Key;
import io.herald.client.StartPosition;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Herald SDK against the raw Kafka client on the same broker, in one run (issue 5's targets):
 *
 * <ul>
 *   <li>{@code publish}: events/s of {@code EventPublisher.publish} against a {@code KafkaProducer} sending the same
 *       event by hand (Jackson JSON value, the CloudEvents headers the SDK writes) with the same settings
 *       (idempotent, {@code acks=all}, the client's other defaults);
 *   <li>{@code handle}: events/s of an {@code EventSubscriber} against a {@code KafkaConsumer} poll loop that decodes
 *       each value with Jackson and commits after each poll, both reading the same events from the beginning, from
 *       the first event handled to the last (the group join is not throughput; it is printed apart as {@code
 *       handle-with-start}, the rate from the client's start);
 *   <li>{@code handle} with {@code client=raw-ce}, for reference: the same poll loop reading each record's CloudEvents
 *       envelope with the CloudEvents SDK's Kafka binding (what a hand-written CloudEvents consumer in Java does to
 *       route by {@code type}) before decoding the value, and {@code client=raw-type}: the same loop reading only the
 *       {@code ce_type} header and comparing it with {@code Reading} before decoding (a hand-written consumer that
 *       subscribes by event type). The target stays SDK against the plain raw loop;
 *   <li>{@code blocking}: events/s with a handler that blocks {@code --block-ms} (5), {@code --keys} (100) keys on one
 *       partition: the SDK's key-ordered parallel handling against a plain consumer that handles one record at a time.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.herald.bench.sdk.SdkBench --bootstrap-server 127.0.0.1:9092 \
 *     [--events 2000000] [--reps 3] [--blocking-events 20000] [--plain-blocking-events 1000] [--keys 100] [--block-ms 5]
 *     [--max-in-flight 0 (the subscriber's maxInFlightPerPartition; 0: the SDK's default)]
 *     [--phases publish,handle,blocking]
 * </pre>
 *
 * Prints one {@code pass} line per measurement and {@code median} lines with the SDK/raw ratios.
 */
public final class SdkBench {
    @EventType("Reading")
    record Reading(@Key String sensor, long seq, String note) {}

    /** A handle pass: events/s from the first event handled to the last, and from the client's start. */
    record Handled(double eventsPerSecond, double withStartEventsPerSecond) {
        /** The seconds from the first event handled to the last, of a pass that handled {@code events}. */
        double seconds(int events) {
            return (events - 1) / eventsPerSecond;
        }
    }

    /** What the raw loop reads of each record before decoding its value. */
    enum RawRouting {
        /** Nothing: every value is decoded (the target's reference). */
        NONE,
        /** The {@code ce_type} header, compared with the type it handles, as a consumer routing by type does. */
        TYPE_HEADER,
        /** The whole CloudEvents envelope, with the CloudEvents SDK's Kafka binding. */
        ENVELOPE
    }

    /** The phases, in the order they run; {@code --phases} picks some (all by default). */
    private static final List<String> PHASES = List.of("publish", "handle", "blocking");

    private static final int MAX_WARM_UP_ROUNDS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTE = "x".repeat(48);

    private final String bootstrap;
    // the subscribers' maxInFlightPerPartition, or 0 for the SDK's default
    private final int maxInFlight;
    /** Tells this run's topics from an earlier run's on the same broker. */
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private int topicSeq;

    private SdkBench(String bootstrap, int maxInFlight) {
        this.bootstrap = bootstrap;
        this.maxInFlight = maxInFlight;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of(
                "--events", "2000000",
                "--reps", "3",
                "--blocking-events", "20000",
                "--plain-blocking-events", "1000",
                "--keys", "100",
                "--block-ms", "5",
                "--max-in-flight", "0",
                "--phases", String.join(",", PHASES)));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--bootstrap-server") && !options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        String bootstrap = options.get("--bootstrap-server");
        if (bootstrap == null) throw new IllegalArgumentException("--bootstrap-server is required");
        int events = Integer.parseInt(options.get("--events"));
        int reps = Integer.parseInt(options.get("--reps"));
        List<String> phases = List.of(options.get("--phases").split(","));
        for (String phase : phases) {
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException(
                        "unknown phase '" + phase + "' in --phases; the phases are " + PHASES);
            }
        }
        SdkBench bench = new SdkBench(bootstrap, Integer.parseInt(options.get("--max-in-flight")));
        if (phases.contains("publish")) bench.publishPhase(events, reps);
        if (phases.contains("handle")) bench.handlePhase(events, reps);
        if (phases.contains("blocking")) {
            bench.blockingPhase(
                    Integer.parseInt(options.get("--blocking-events")),
                    Integer.parseInt(options.get("--plain-blocking-events")),
                    Integer.parseInt(options.get("--keys")),
                    Integer.parseInt(options.get("--block-ms")));
        }
    }

    private void publishPhase(int events, int reps) throws Exception {
        List<Double> rawPublish = new ArrayList<>();
        List<Double> sdkPublish = new ArrayList<>();
        warmUp("publish", () -> events / publishSdk(events) + events / publishRaw(events));
        for (int rep = 1; rep <= reps; rep++) {
            boolean sdkFirst = rep % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean sdk = (k == 0) == sdkFirst;
                double rate = sdk ? publishSdk(events) : publishRaw(events);
                (sdk ? sdkPublish : rawPublish).add(rate);
                pass("publish", sdk, rep, events, rate);
            }
        }
        System.out.printf(
                "median publish raw=%.0f sdk=%.0f sdk/raw=%.3f (target >= 0.90)%n",
                median(rawPublish), median(sdkPublish), median(sdkPublish) / median(rawPublish));
    }

    private void handlePhase(int events, int reps) throws Exception {
        String handleTopic = newTopic("sdk-handle", 4);
        fill(handleTopic, events, 1000);
        List<Double> rawHandle = new ArrayList<>();
        List<Double> envelopeHandle = new ArrayList<>();
        List<Double> typeHandle = new ArrayList<>();
        List<Double> sdkHandle = new ArrayList<>();
        List<Double> rawHandleWithStart = new ArrayList<>();
        List<Double> sdkHandleWithStart = new ArrayList<>();
        warmUp(
                "handle",
                () -> handleSdk(handleTopic, events, 0).seconds(events)
                        + handleRaw(handleTopic, events, 0, RawRouting.NONE).seconds(events)
                        + handleRaw(handleTopic, events, 0, RawRouting.TYPE_HEADER)
                                .seconds(events)
                        + handleRaw(handleTopic, events, 0, RawRouting.ENVELOPE).seconds(events));
        List<String> clients = List.of("sdk", "raw", "raw-type", "raw-ce");
        for (int rep = 1; rep <= reps; rep++) {
            for (int k = 0; k < clients.size(); k++) {
                String client = clients.get((k + rep) % clients.size()); // each rep starts with another client
                Handled pass = switch (client) {
                    case "sdk" -> handleSdk(handleTopic, events, 0);
                    case "raw" -> handleRaw(handleTopic, events, 0, RawRouting.NONE);
                    case "raw-type" -> handleRaw(handleTopic, events, 0, RawRouting.TYPE_HEADER);
                    default -> handleRaw(handleTopic, events, 0, RawRouting.ENVELOPE);
                };
                switch (client) {
                    case "sdk" -> {
                        sdkHandle.add(pass.eventsPerSecond());
                        sdkHandleWithStart.add(pass.withStartEventsPerSecond());
                    }
                    case "raw" -> {
                        rawHandle.add(pass.eventsPerSecond());
                        rawHandleWithStart.add(pass.withStartEventsPerSecond());
                    }
                    case "raw-type" -> typeHandle.add(pass.eventsPerSecond());
                    default -> envelopeHandle.add(pass.eventsPerSecond());
                }
                pass("handle", client, rep, events, pass.eventsPerSecond());
                pass("handle-with-start", client, rep, events, pass.withStartEventsPerSecond());
            }
        }
        System.out.printf(
                "median handle raw=%.0f sdk=%.0f sdk/raw=%.3f (target >= 0.90)%n",
                median(rawHandle), median(sdkHandle), median(sdkHandle) / median(rawHandle));
        System.out.printf(
                "median handle raw-type=%.0f sdk=%.0f sdk/raw-type=%.3f (reference: the raw loop reading ce_type before"
                        + " decoding)%n",
                median(typeHandle), median(sdkHandle), median(sdkHandle) / median(typeHandle));
        System.out.printf(
                "median handle raw-ce=%.0f sdk=%.0f sdk/raw-ce=%.3f (reference: the raw loop reading the CloudEvents"
                        + " envelope with the CloudEvents SDK)%n",
                median(envelopeHandle), median(sdkHandle), median(sdkHandle) / median(envelopeHandle));
        System.out.printf(
                "median handle-with-start raw=%.0f sdk=%.0f sdk/raw=%.3f (the start and group join included)%n",
                median(rawHandleWithStart),
                median(sdkHandleWithStart),
                median(sdkHandleWithStart) / median(rawHandleWithStart));
    }

    private void blockingPhase(int sdkEvents, int plainEvents, int keys, int blockMs) throws Exception {
        String blockingTopic = newTopic("sdk-blocking", 1);
        fill(blockingTopic, Math.max(sdkEvents, plainEvents), keys);
        double sdkRate = handleSdk(blockingTopic, sdkEvents, blockMs).eventsPerSecond();
        pass("blocking", true, 1, sdkEvents, sdkRate);
        double plainRate =
                handleRaw(blockingTopic, plainEvents, blockMs, RawRouting.NONE).eventsPerSecond();
        pass("blocking", false, 1, plainEvents, plainRate);
        System.out.printf(
                "blocking %d ms handler, %d keys on 1 partition: plain=%.0f sdk=%.0f sdk/plain=%.1f (target >= 10)%n",
                blockMs, keys, plainRate, sdkRate, sdkRate / plainRate);
    }

    /** A round of unrecorded passes, one of each client; returns the seconds the passes measured. */
    private interface WarmUpRound {
        double run() throws Exception;
    }

    /**
     * Runs unrecorded rounds until both this JVM and the broker are warm: until a round compiles for under 5% of the
     * time its passes measured (a handle pass's group join is not measured, and the compiler is not what slows it) and
     * its passes took no less than 95% of the previous round's (the broker, a separate JVM, also warms up: with the
     * client's JIT quiet, publish passes still sped up by a third from one round to the next); at most {@link
     * #MAX_WARM_UP_ROUNDS} rounds. One round was not enough: the compiler threads took seconds of CPU more (the machine
     * has 2 cores, shared with the broker), and the recorded passes rose with each repetition.
     */
    private static void warmUp(String phase, WarmUpRound round) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        List<String> rounds = new ArrayList<>();
        long previousMs = 0;
        while (true) {
            long jitBeforeMs = jit.getTotalCompilationTime();
            long measuredMs = Math.round(round.run() * 1000);
            long jitMs = jit.getTotalCompilationTime() - jitBeforeMs;
            rounds.add(jitMs + " ms in " + measuredMs + " ms");
            boolean jitQuiet = jitMs * 20 < measuredMs;
            boolean steady = rounds.size() > 1 && measuredMs * 100 >= previousMs * 95;
            if ((jitQuiet && steady) || rounds.size() == MAX_WARM_UP_ROUNDS) {
                System.out.printf(
                        "# %s warm-up: %d unrecorded round(s); compiling, in the time the passes measured: %s%n",
                        phase, rounds.size(), String.join(", ", rounds));
                return;
            }
            previousMs = measuredMs;
        }
    }

    private static void pass(String phase, boolean sdk, int rep, int events, double rate) {
        pass(phase, sdk ? "sdk" : "raw", rep, events, rate);
    }

    private static void pass(String phase, String client, int rep, int events, double rate) {
        System.out.printf(
                "pass phase=%s client=%s rep=%d events=%d events_per_s=%.0f%n", phase, client, rep, events, rate);
    }

    private String newTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + runId + "-" + (++topicSeq);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
        return topic;
    }

    private static Reading reading(long seq, int keys) {
        return new Reading("sensor-" + (seq % keys), seq, NOTE);
    }

    /** Events/s of {@code EventPublisher}, first publish to last acknowledgement, into a fresh 4-partition topic. */
    private double publishSdk(int events) throws Exception {
        String topic = newTopic("sdk-publish", 4);
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(bootstrap)
                .source("/bench")
                .build()) {
            publisher.publish(topic, reading(0, 1000)).get(); // metadata before the clock starts
            long start = System.nanoTime();
            // Counted down as each future completes, as the raw pass counts its callbacks: keeping every future
            // until the end (and joining them with allOf) kept 200,000 of them alive through young collections, a
            // cost of the benchmark's waiting, not of the SDK, that only the SDK's pass paid (docs/benchmarks.md,
            // session 15).
            CountDownLatch acked = new CountDownLatch(events);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < events; i++) {
                publisher.publish(topic, reading(i, 1000)).whenComplete((result, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                    acked.countDown();
                });
            }
            acked.await();
            if (failure.get() != null) throw new IllegalStateException("a publish failed", failure.get());
            return events / seconds(start);
        }
    }

    /** The same with a {@code KafkaProducer}: Jackson JSON value, the key as the partition key. */
    private double publishRaw(int events) throws Exception {
        String topic = newTopic("raw-publish", 4);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            AtomicReference<Exception> failure = new AtomicReference<>();
            CountDownLatch acked = new CountDownLatch(events);
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                Reading r = reading(i, 1000);
                var record = new ProducerRecord<>(topic, r.sensor(), JSON.writeValueAsBytes(r));
                addCloudEventHeaders(record, r.sensor(), i);
                producer.send(record, (m, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                    acked.countDown();
                });
            }
            acked.await();
            if (failure.get() != null) throw failure.get();
            return events / seconds(start);
        }
    }

    /**
     * The CloudEvents attributes the SDK writes, set by hand: what a service sending the same event without the SDK
     * would send, so the comparison measures the SDK's own cost, not the size of its records.
     */
    private static void addCloudEventHeaders(ProducerRecord<String, byte[]> record, String key, long sequence) {
        String id = java.util.UUID.randomUUID().toString();
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", id);
        header(record, "ce_source", "/bench");
        header(record, "ce_type", "Reading");
        header(record, "ce_time", java.time.Instant.now().toString());
        header(record, "ce_subject", key);
        header(record, "content-type", "application/json");
        header(record, "ce_dataschema", "urn:herald:event:Reading:1");
        header(record, "ce_partitionkey", key);
        header(record, "ce_sequence", Long.toString(sequence));
        header(record, "ce_correlationid", id);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes {@code events} SDK events over {@code keys} keys, for the handle phases. */
    private void fill(String topic, int events, int keys) throws Exception {
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(bootstrap)
                .source("/bench")
                .build()) {
            List<CompletableFuture<?>> acks = new ArrayList<>(events);
            for (int i = 0; i < events; i++) acks.add(publisher.publish(topic, reading(i, keys)));
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        }
    }

    /**
     * Events/s of an {@code EventSubscriber} in a fresh group, from the first event handled to the last: the
     * throughput, without the start (topic checks, group join), which Kafka's ConsumerPerformance also reports apart.
     */
    private Handled handleSdk(String topic, int events, int blockMs) throws Exception {
        CountDownLatch handled = new CountDownLatch(events);
        AtomicLong firstNanos = new AtomicLong();
        long start = System.nanoTime();
        EventSubscriber.Builder builder = EventSubscriber.builder()
                .bootstrapServers(bootstrap)
                .groupId("sdk-bench-" + (++topicSeq))
                .topics(topic)
                .startFrom(StartPosition.beginning())
                .on(Reading.class, event -> {
                    firstNanos.compareAndSet(0, System.nanoTime());
                    if (blockMs > 0) Thread.sleep(blockMs);
                    handled.countDown();
                });
        if (maxInFlight > 0) builder.maxInFlightPerPartition(maxInFlight);
        try (EventSubscriber subscriber = builder.start()) {
            if (!handled.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the subscriber stalled");
            return new Handled((events - 1) / seconds(firstNanos.get()), events / seconds(start));
        }
    }

    /**
     * The same with a {@code KafkaConsumer} in a fresh group, from the first record handled to the last: one record at
     * a time, decoded with Jackson, offsets committed after each poll's records are handled. With {@code
     * readEnvelope}, each record's CloudEvent is read first with the CloudEvents SDK's Kafka binding, and only events
     * of type {@code Reading} are decoded; with {@code TYPE_HEADER}, only the {@code ce_type} header is read and compared
     * with {@code Reading} (decoded, as a hand-written consumer does).
     */
    private Handled handleRaw(String topic, int events, int blockMs, RawRouting routing) throws Exception {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "raw-bench-" + (++topicSeq),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        AtomicLong handled = new AtomicLong();
        long firstNanos = 0;
        long start = System.nanoTime();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (handled.get() < events) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (handled.get() >= events) break;
                    if (firstNanos == 0) firstNanos = System.nanoTime();
                    if (handles(record, routing)) {
                        JSON.readValue(record.value(), Reading.class);
                    }
                    if (blockMs > 0) Thread.sleep(blockMs);
                    handled.incrementAndGet();
                }
                consumer.commitSync();
            }
            return new Handled((events - 1) / seconds(firstNanos), events / seconds(start));
        }
    }

    private static boolean handles(ConsumerRecord<String, byte[]> record, RawRouting routing) {
        return switch (routing) {
            case NONE -> true;
            case TYPE_HEADER -> {
                Header type = record.headers().lastHeader("ce_type");
                yield type != null
                        && type.value() != null
                        && new String(type.value(), StandardCharsets.UTF_8).equals("Reading");
            }
            case ENVELOPE ->
                KafkaMessageFactory.createReader(record).toEvent().getType().equals("Reading");
        };
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
