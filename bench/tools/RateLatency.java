import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produce-ack latency at a fixed rate, timed in microseconds: records are due on a schedule of {@code --throughput}
 * records/s, spread over the topic's partitions by the producer, and each one's latency runs from the time it was due
 * to its acknowledgement. Counting from the due time (an open loop) keeps a stalled broker's backlog in the figures:
 * a tool that waits and then counts from its late send hides it. ProducerPerformance with {@code --throughput} is
 * such a tool, and it reports whole milliseconds. The producer has the throughput cases' settings: {@code acks},
 * {@code linger.ms=5}, {@code batch.size=65536}, idempotence on (the 4.x default).
 *
 * <pre>
 * java -cp 'bench/target/kafka-4.4.0/libs/*' bench/tools/RateLatency.java \
 *     --bootstrap-server 127.0.0.1:9092 --topic t --throughput 50000 --num-records 500000 [--record-size 1024]
 *     [--acks all] [--warmup-records 50000]
 * </pre>
 *
 * The first {@code --warmup-records} records are sent on the same schedule but not counted. Output, two lines:
 * {@code ack count=N avg_ms=.. p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=..} (nearest-rank percentiles over the
 * counted records), then {@code elapsed_s=.. records_per_s=.. behind_ms=..}: the whole schedule's time and rate, warm-up
 * included (what the broker's CPU is measured over), and how far the last send was behind its due time (more than a
 * few milliseconds: this machine could not keep the rate, and the figures measure the backlog).
 */
public class RateLatency {
    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        String topic = null;
        int numRecords = 500_000;
        int recordSize = 1024;
        double throughput = 0;
        String acks = "all";
        int warmupRecords = -1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = value;
                case "--topic" -> topic = value;
                case "--num-records" -> numRecords = Integer.parseInt(value);
                case "--record-size" -> recordSize = Integer.parseInt(value);
                case "--throughput" -> throughput = Double.parseDouble(value);
                case "--acks" -> acks = value;
                case "--warmup-records" -> warmupRecords = Integer.parseInt(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (bootstrap == null || topic == null || numRecords < 1 || recordSize < 1 || throughput <= 0) {
            usage("--bootstrap-server, --topic and --throughput > 0 are required, --num-records >= 1, --record-size >= 1");
        }
        if (warmupRecords < 0) warmupRecords = numRecords / 10;

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "rate-latency-producer");

        long[] ackNanos = new long[numRecords];
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        byte[] value = new byte[recordSize];
        ThreadLocalRandom.current().nextBytes(value);
        double intervalNanos = 1e9 / throughput;
        int total = warmupRecords + numRecords;
        long behindNanos;
        double elapsedS;

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic); // metadata before the schedule starts
            long scheduleStart = System.nanoTime();
            long lastDue = scheduleStart;
            for (int i = 0; i < total && failure.get() == null; i++) {
                long due = scheduleStart + (long) (i * intervalNanos);
                awaitTime(due);
                int index = i - warmupRecords;
                producer.send(new ProducerRecord<>(topic, null, value), (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else if (index >= 0) {
                        ackNanos[index] = System.nanoTime() - due;
                        acked.incrementAndGet();
                    }
                });
                lastDue = due;
            }
            behindNanos = System.nanoTime() - lastDue;
            producer.flush();
            elapsedS = (System.nanoTime() - scheduleStart) / 1e9;
        }
        if (failure.get() != null) throw failure.get();
        if (acked.get() != numRecords) {
            throw new IllegalStateException(acked.get() + " of " + numRecords + " counted records acknowledged");
        }
        LatencySummary.print("ack", ackNanos);
        System.out.printf(
                "elapsed_s=%.3f records_per_s=%.1f behind_ms=%.3f%n",
                elapsedS, total / elapsedS, behindNanos / 1e6);
    }

    /**
     * Parks until {@code due}. Parking overshoots by tens of microseconds, so at high rates several records fall due
     * during one park and go out together, each still timed from its own due time. Spinning instead would keep a core
     * busy at any rate, and take it from the broker and the kernel's writeback threads on a small machine.
     */
    private static void awaitTime(long due) {
        long left;
        while ((left = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void usage(String problem) {
        System.err.println("RateLatency: " + problem);
        System.err.println("usage: --bootstrap-server HOST:PORT --topic T --throughput RECORDS_PER_S [--num-records N]"
                + " [--record-size B] [--acks all|1|0] [--warmup-records N]");
        System.exit(2);
    }
}
