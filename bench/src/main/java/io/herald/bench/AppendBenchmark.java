package io.herald.bench;

import io.herald.log.AppendResult;
import io.herald.log.FlushScheduler;
import io.herald.log.LogConfig;
import io.herald.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PartitionLog#append} of one prebuilt {@link BenchBatch} (16 records of 1 KiB, 16,589 bytes) per op, each
 * benchmark thread appending to its own partition log, all logs sharing one {@link FlushScheduler} as in the broker.
 * Every iteration opens new, empty logs and deletes them afterwards, so the disk never fills and dirty pages never
 * carry over; {@code segment.bytes} (256 MiB by default) makes the logs roll within an iteration, and a roll forces
 * the old segment to disk on the appending thread.
 *
 * <ul>
 *   <li>{@code interval*}: {@code flush.policy=interval} with the default {@code flush.messages} and {@code flush.ms}
 *       (never), so the only fsyncs are the ones on roll. {@code -p flushMessages=N} sets {@code flush.messages}: the
 *       flusher thread then forces the log every N records, off the appending thread, which leaves less for the
 *       fsync on roll. {@code bytes} counts bytes appended.
 *   <li>{@code always*}: {@code flush.policy=always}. Each thread keeps up to {@code window} appends in flight, as a
 *       broker does for a pipelining producer or for many producers, and blocks on the oldest {@link
 *       AppendResult#durable()} only when the window is full; group commit can only share an fsync among appends that
 *       wait together. {@code bytes} counts bytes whose {@code durable()} completed (appends still in flight when an
 *       iteration ends are not counted; at most {@code window} batches per thread). Run with {@code -p window=1} to
 *       see one fsync round per append.
 * </ul>
 *
 * The batch is appended through {@link ByteBuffer#duplicate()} of a per-thread copy: the log writes the base offset
 * into it in place, and the bytes are in the file by the time {@code append} returns, so reusing it is safe.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AppendBenchmark {

    /** The flush scheduler all partitions of a run share, and the log configuration. */
    @State(Scope.Benchmark)
    public static class Logs {
        @Param("268435456")
        public int segmentBytes;

        /** {@code flush.messages} for the {@code interval} logs; 0 keeps the default, never. */
        @Param("0")
        public long flushMessages;

        private FlushScheduler flusher;

        @Setup(Level.Trial)
        public void start() {
            flusher = new FlushScheduler(Clock.systemUTC());
        }

        @TearDown(Level.Trial)
        public void stop() {
            flusher.close();
        }

        PartitionLog open(String flushPolicy, Path dir) {
            Map<String, String> properties = new HashMap<>();
            properties.put("flush.policy", flushPolicy);
            properties.put("segment.bytes", Integer.toString(segmentBytes));
            if (flushMessages > 0) properties.put("flush.messages", Long.toString(flushMessages));
            return PartitionLog.open(dir, LogConfig.fromProperties(properties), flusher, Clock.systemUTC());
        }
    }

    /** One partition under {@code flush.policy=interval}, owned by one benchmark thread. */
    @State(Scope.Thread)
    public static class IntervalPartition {
        private final ByteBuffer batch = BenchBatch.build(
                System.currentTimeMillis(), Thread.currentThread().threadId());
        private Path dir;
        private PartitionLog log;

        @Setup(Level.Iteration)
        public void open(Logs logs) {
            dir = BenchDir.create("interval-");
            log = logs.open("interval", dir);
        }

        @TearDown(Level.Iteration)
        public void close() {
            log.close();
            BenchDir.delete(dir);
        }
    }

    /** One partition under {@code flush.policy=always} with a window of appends in flight, owned by one thread. */
    @State(Scope.Thread)
    public static class AlwaysPartition {
        @Param("64")
        public int window;

        private final ByteBuffer batch = BenchBatch.build(
                System.currentTimeMillis(), Thread.currentThread().threadId());
        private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        private Path dir;
        private PartitionLog log;

        @Setup(Level.Iteration)
        public void open(Logs logs) {
            dir = BenchDir.create("always-");
            log = logs.open("always", dir);
        }

        /** Appends one batch; returns the bytes that became durable meanwhile, blocking only on a full window. */
        long append() {
            inFlight.addLast(log.append(batch.duplicate()).durable());
            long durableBytes = 0;
            while (!inFlight.isEmpty()
                    && (inFlight.size() >= window || inFlight.peekFirst().isDone())) {
                inFlight.removeFirst().join();
                durableBytes += BenchBatch.BATCH_BYTES;
            }
            return durableBytes;
        }

        @TearDown(Level.Iteration)
        public void close() {
            while (!inFlight.isEmpty()) inFlight.removeFirst().join();
            log.close();
            BenchDir.delete(dir);
        }
    }

    @Benchmark
    @Threads(1)
    public AppendResult interval1Partition(IntervalPartition p, ByteCounter counter) {
        counter.bytes += BenchBatch.BATCH_BYTES;
        return p.log.append(p.batch.duplicate());
    }

    @Benchmark
    @Threads(8)
    public AppendResult interval8Partitions(IntervalPartition p, ByteCounter counter) {
        counter.bytes += BenchBatch.BATCH_BYTES;
        return p.log.append(p.batch.duplicate());
    }

    @Benchmark
    @Threads(1)
    public void always1Partition(AlwaysPartition p, ByteCounter counter) {
        counter.bytes += p.append();
    }

    @Benchmark
    @Threads(8)
    public void always8Partitions(AlwaysPartition p, ByteCounter counter) {
        counter.bytes += p.append();
    }
}
