package io.herald.bench;

import io.herald.log.FileRegion;
import io.herald.log.FlushScheduler;
import io.herald.log.LogConfig;
import io.herald.log.LogReadResult;
import io.herald.log.PartitionLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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
 * {@link PartitionLog#read} of up to 1 MiB (a consumer's default {@code max.partition.fetch.bytes}) per op over a log
 * pre-filled with {@code fillBytes} of {@link BenchBatch}es in 256 MiB segments, sending every returned {@link
 * FileRegion} with {@link FileRegion#transferTo}, then moving on to the next offset and wrapping at the end. The whole
 * log fits in the page cache, so this measures a consumer that is caught up or a little behind, not disk reads.
 * {@code bytes} counts bytes sent.
 *
 * <p>Where the bytes go ({@code sink}):
 *
 * <ul>
 *   <li>{@code socket}: a loopback TCP connection, drained by a second thread that reads into a buffer, as a broker
 *       serves a fetch: the JDK uses sendfile, and the drain thread's copy runs on the same two cores.
 *   <li>{@code copy}: a channel that discards what it is given but is neither a file nor a socket, so the JDK reads
 *       every byte out of the page cache into a buffer before handing it over: a pure read-copy rate.
 * </ul>
 *
 * Not {@code /dev/null}: sendfile into it can return without touching the data, which would measure nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class ReadBenchmark {
    private static final int MAX_BYTES = 1024 * 1024;

    @State(Scope.Thread)
    public static class FilledLog {
        @Param({"socket", "copy"})
        public String sink;

        @Param("536870912")
        public long fillBytes;

        private Path dir;
        private FlushScheduler flusher;
        private PartitionLog log;
        private WritableByteChannel target;
        private SocketDrain drain;
        private long nextOffset;

        @Setup(Level.Trial)
        public void fill() throws IOException {
            dir = BenchDir.create("read-");
            flusher = new FlushScheduler(Clock.systemUTC());
            LogConfig config =
                    LogConfig.fromProperties(Map.of("flush.policy", "interval", "segment.bytes", "268435456"));
            log = PartitionLog.open(dir, config, flusher, Clock.systemUTC());
            ByteBuffer batch = BenchBatch.build(System.currentTimeMillis(), 3);
            for (long written = 0; written < fillBytes; written += BenchBatch.BATCH_BYTES) {
                log.append(batch.duplicate());
            }
            log.flush();
            if (sink.equals("socket")) {
                drain = new SocketDrain();
                target = drain.client;
            } else if (sink.equals("copy")) {
                target = new DiscardingChannel();
            } else {
                throw new IllegalArgumentException("sink must be socket or copy, was " + sink);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            target.close();
            if (drain != null) drain.join();
            log.close();
            flusher.close();
            BenchDir.delete(dir);
        }

        long readNext() throws IOException {
            LogReadResult result = log.read(nextOffset, MAX_BYTES);
            long sent = 0;
            for (FileRegion region : result.regions()) {
                region.transferTo(target);
                sent += region.sizeInBytes();
            }
            if (sent % BenchBatch.BATCH_BYTES != 0) {
                throw new IllegalStateException("read " + sent + " bytes at offset " + nextOffset
                        + ", not a whole number of " + BenchBatch.BATCH_BYTES + "-byte batches");
            }
            nextOffset += sent / BenchBatch.BATCH_BYTES * BenchBatch.RECORDS;
            if (nextOffset >= result.highWatermark()) nextOffset = log.logStartOffset();
            return sent;
        }
    }

    @Benchmark
    public void read1MiB(FilledLog log, ByteCounter counter) throws IOException {
        counter.bytes += log.readNext();
    }

    /** A loopback TCP connection whose far end a daemon thread reads and throws away. */
    private static final class SocketDrain {
        final SocketChannel client;
        private final Thread thread;

        SocketDrain() throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                client = SocketChannel.open(server.getLocalAddress());
                SocketChannel accepted = server.accept();
                thread = Thread.ofPlatform().name("read-bench-drain").daemon().start(() -> drain(accepted));
            }
        }

        private static void drain(SocketChannel channel) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
            try (channel) {
                while (channel.read(buffer.clear()) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the benchmark closed its end
            }
        }

        void join() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes every byte it is given and keeps none. */
    private static final class DiscardingChannel implements WritableByteChannel {
        private boolean open = true;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
