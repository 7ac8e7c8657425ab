import com.fasterxml.jackson.databind.ObjectMapper;
import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Confluent's parallel-consumer, an anchor of issue 5, against the same raw Kafka consumer loop as SdkBench, in one
 * JVM, so that the SDK's ratio to that loop has a reference: what the best-known key-ordered parallel consumer reaches
 * on the same machine and broker. It runs in its own JVM because parallel-consumer 0.5.3.3 needs kafka-clients 3.x
 * (pom.xml beside this file); that is also why the raw loop, the records and the warm-up rule are repeated here
 * rather than shared with SdkBench (io.herald.bench.sdk), which they mirror:
 *
 * <ul>
 *   <li>the records: SdkBench's {@code Reading} event as Jackson JSON with the CloudEvents headers the SDK writes;
 *   <li>{@code handle}: events/s from the first event handled to the last, each value decoded with Jackson; the raw
 *       loop handles one record at a time and commits after each poll; parallel-consumer runs in key order with
 *       {@value #MAX_CONCURRENCY} threads and its default commit mode (periodic, asynchronous);
 *   <li>{@code blocking}: a handler that blocks {@code --block-ms} on {@code --keys} keys of one partition.
 * </ul>
 *
 * <pre>
 * java -cp 'bench/target/parallel-consumer/libs/*' bench/parallel-consumer/ParallelConsumerBench.java \
 *     --bootstrap-server 127.0.0.1:9092 [--events 200000] [--reps 3] [--blocking-events 20000] \
 *     [--plain-blocking-events 1000] [--keys 100] [--block-ms 5] [--phases handle,blocking]
 * </pre>
 */
public final class ParallelConsumerBench {
    record Reading(String sensor, long seq, String note) {}

    /** A handle pass: events/s from the first event handled to the last. */
    record Handled(double eventsPerSecond, double seconds) {}

    /** A round of unrecorded passes, one of each client; returns the seconds the passes measured. */
    private interface WarmUpRound {
        double run() throws Exception;
    }

    private static final List<String> PHASES = List.of("handle", "blocking");

    /** Its default is 16, fewer than the blocking phase's 100 keys, which the SDK handles all at once. */
    private static final int MAX_CONCURRENCY = 100;

    private static final int MAX_WARM_UP_ROUNDS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOTE = "x".repeat(48);

    private final String bootstrap;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private int seq;

    private ParallelConsumerBench(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * Exits when the phases end, with 1 after a failure: parallel-consumer's {@code close()} once left its {@code
     * pc-control} and {@code pc-broker-poll} threads running (one run in four), which kept the JVM and the benchmark
     * script waiting for an hour and a half.
     */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "--events", "200000",
                "--reps", "3",
                "--blocking-events", "20000",
                "--plain-blocking-events", "1000",
                "--keys", "100",
                "--block-ms", "5",
                "--phases", String.join(",", PHASES)));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--bootstrap-server") && !options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; the options are "
                        + options.keySet() + " and --bootstrap-server");
            }
            options.put(args[i], args[i + 1]);
        }
        String bootstrap = options.get("--bootstrap-server");
        if (bootstrap == null) throw new IllegalArgumentException("--bootstrap-server is required");
        List<String> phases = List.of(options.get("--phases").split(","));
        for (String phase : phases) {
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException(
                        "unknown phase '" + phase + "' in --phases; the phases are " + PHASES);
            }
        }
        ParallelConsumerBench bench = new ParallelConsumerBench(bootstrap);
        if (phases.contains("handle")) {
            bench.handlePhase(Integer.parseInt(options.get("--events")), Integer.parseInt(options.get("--reps")));
        }
        if (phases.contains("blocking")) {
            bench.blockingPhase(
                    Integer.parseInt(options.get("--blocking-events")),
                    Integer.parseInt(options.get("--plain-blocking-events")),
                    Integer.parseInt(options.get("--keys")),
                    Integer.parseInt(options.get("--block-ms")));
        }
    }

    private void handlePhase(int events, int reps) throws Exception {
        String topic = newTopic("pc-handle", 4);
        fill(topic, events, 1000);
        warmUp(() -> handleRaw(topic, events, 0).seconds() + handleParallel(topic, events, 0).seconds());
        List<Double> raw = new ArrayList<>();
        List<Double> parallel = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
            boolean parallelFirst = rep % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean isParallel = (k == 0) == parallelFirst;
                double rate = isParallel
                        ? handleParallel(topic, events, 0).eventsPerSecond()
                        : handleRaw(topic, events, 0).eventsPerSecond();
                (isParallel ? parallel : raw).add(rate);
                pass("handle", isParallel ? "pc" : "raw", rep, events, rate);
            }
        }
        System.out.printf(
                "median handle raw=%.0f pc=%.0f pc/raw=%.3f (Confluent's parallel-consumer, key order, %d threads)%n",
                median(raw), median(parallel), median(parallel) / median(raw), MAX_CONCURRENCY);
    }

    private void blockingPhase(int parallelEvents, int plainEvents, int keys, int blockMs) throws Exception {
        String topic = newTopic("pc-blocking", 1);
        fill(topic, Math.max(parallelEvents, plainEvents), keys);
        double parallelRate = handleParallel(topic, parallelEvents, blockMs).eventsPerSecond();
        pass("blocking", "pc", 1, parallelEvents, parallelRate);
        double plainRate = handleRaw(topic, plainEvents, blockMs).eventsPerSecond();
        pass("blocking", "raw", 1, plainEvents, plainRate);
        System.out.printf(
                "blocking %d ms handler, %d keys on 1 partition: plain=%.0f pc=%.0f pc/plain=%.1f (Confluent's"
                        + " parallel-consumer, key order, %d threads)%n",
                blockMs, keys, plainRate, parallelRate, parallelRate / plainRate, MAX_CONCURRENCY);
    }

    /** SdkBench's rule: unrecorded rounds until one compiles for under 5% of its time and is not 5% faster. */
    private static void warmUp(WarmUpRound round) throws Exception {
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
                        "# pc handle warm-up: %d unrecorded round(s); compiling, in the time the passes measured: %s%n",
                        rounds.size(), String.join(", ", rounds));
                return;
            }
            previousMs = measuredMs;
        }
    }

    private Map<String, Object> consumerProps(String group) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group + "-" + runId + "-" + (++seq),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
    }

    /** parallel-consumer in a fresh group, key order: events/s from the first event handled to the last. */
    private Handled handleParallel(String topic, int events, int blockMs) throws Exception {
        CountDownLatch handled = new CountDownLatch(events);
        AtomicLong firstNanos = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        var consumer =
                new KafkaConsumer<>(consumerProps("pc-bench"), new StringDeserializer(), new ByteArrayDeserializer());
        ParallelConsumerOptions<String, byte[]> options = ParallelConsumerOptions.<String, byte[]>builder()
                .consumer(consumer)
                .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                .maxConcurrency(MAX_CONCURRENCY)
                .build();
        try (ParallelStreamProcessor<String, byte[]> processor =
                ParallelStreamProcessor.createEosStreamProcessor(options)) {
            processor.subscribe(List.of(topic));
            processor.poll(context -> {
                firstNanos.compareAndSet(0, System.nanoTime());
                try {
                    JSON.readValue(context.getSingleConsumerRecord().value(), Reading.class);
                    if (blockMs > 0) Thread.sleep(blockMs);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
                handled.countDown();
            });
            if (!handled.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("parallel-consumer stalled");
            if (failure.get() != null) throw failure.get();
            double seconds = (System.nanoTime() - firstNanos.get()) / 1e9;
            return new Handled((events - 1) / seconds, seconds);
        }
    }

    /** SdkBench's raw loop: one record at a time, decoded with Jackson, commit after each poll. */
    private Handled handleRaw(String topic, int events, int blockMs) throws Exception {
        long handled = 0;
        long firstNanos = 0;
        var keys = new StringDeserializer();
        var values = new ByteArrayDeserializer();
        try (var consumer = new KafkaConsumer<>(consumerProps("raw-bench"), keys, values)) {
            consumer.subscribe(List.of(topic));
            while (handled < events) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (handled >= events) break;
                    if (firstNanos == 0) firstNanos = System.nanoTime();
                    JSON.readValue(record.value(), Reading.class);
                    if (blockMs > 0) Thread.sleep(blockMs);
                    handled++;
                }
                consumer.commitSync();
            }
            double seconds = (System.nanoTime() - firstNanos) / 1e9;
            return new Handled((events - 1) / seconds, seconds);
        }
    }

    private String newTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + runId + "-" + (++seq);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        return topic;
    }

    /** {@code events} Reading events over {@code keys} keys, with the headers the SDK writes. */
    private void fill(String topic, int events, int keys) throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                Reading reading = new Reading("sensor-" + (i % keys), i, NOTE);
                var record = new ProducerRecord<>(topic, reading.sensor(), JSON.writeValueAsBytes(reading));
                String id = UUID.randomUUID().toString();
                header(record, "ce_specversion", "1.0");
                header(record, "ce_id", id);
                header(record, "ce_source", "/bench");
                header(record, "ce_type", "Reading");
                header(record, "ce_time", Instant.now().toString());
                header(record, "ce_subject", reading.sensor());
                header(record, "content-type", "application/json");
                header(record, "ce_dataschema", "urn:herald:event:Reading:1");
                header(record, "ce_partitionkey", reading.sensor());
                header(record, "ce_sequence", Long.toString(i));
                header(record, "ce_correlationid", id);
                producer.send(record, (metadata, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
            }
            producer.flush();
        }
        if (failure.get() != null) throw failure.get();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void pass(String phase, String client, int rep, int events, double rate) {
        System.out.printf(
                "pass phase=%s client=%s rep=%d events=%d events_per_s=%.0f%n", phase, client, rep, events, rate);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
