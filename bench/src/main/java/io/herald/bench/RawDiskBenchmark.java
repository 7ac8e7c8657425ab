package io.herald.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the disk under the logs does without the log: one thread writing {@link BenchBatch#BATCH_BYTES}-byte heap
 * buffers back to back into one file with positional {@link FileChannel#write(ByteBuffer, long)}, exactly as a segment
 * append does, in the same folder the log benchmarks use. Each iteration starts a new file and deletes it afterwards,
 * as the log benchmarks do with their logs, so dirty pages never carry over.
 *
 * <ul>
 *   <li>{@link #sequentialWrite}: no force. This is the "raw sequential write rate" the append targets are measured
 *       against, and what {@code flush.policy=interval} does too; with 23 GiB of RAM and seconds-long iterations it is
 *       mostly the page-cache copy rate, not the device's.
 *   <li>{@link #sequentialWriteForcedPerMiB}: the same, with {@code force(false)} (fdatasync) after every 64th write
 *       (about 1 MiB): the rate at which the device absorbs sequential data durably, for comparison with
 *       {@code always}.
 *   <li>{@link #sequentialWriteForcedPerSegment}: the same, with fdatasync after every 256 MiB written, as a log
 *       under {@code interval} forces a segment when it rolls (at the default {@code segment.bytes} of {@link
 *       AppendBenchmark}): the raw counterpart of the {@code interval} appends. {@code bytes} counts bytes written.
 *   <li>{@link #writeAndForce}: one write and one fdatasync per op, so ops/s is the fsync rate of the disk for
 *       16 KiB writes.
 * </ul>
 *
 * The {@code bytes} counter counts bytes written; for {@link #sequentialWriteForcedPerMiB}, once a force covers them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class RawDiskBenchmark {
    private static final int WRITES_PER_FORCE = 64;

    /** Writes per 256 MiB, {@link AppendBenchmark}'s default {@code segment.bytes}. */
    private static final int WRITES_PER_SEGMENT = 256 * 1024 * 1024 / BenchBatch.BATCH_BYTES;

    /** One file, written sequentially from position 0; a new one for each iteration. */
    @State(Scope.Thread)
    public static class RawFile {
        private final ByteBuffer buffer = BenchBatch.build(System.currentTimeMillis(), 1);
        private Path dir;
        private FileChannel channel;
        private long position;
        private long writes;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            dir = BenchDir.create("raw-");
            channel = FileChannel.open(
                    dir.resolve("raw.log"),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            position = 0;
            writes = 0;
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            channel.close();
            BenchDir.delete(dir);
        }

        int write() throws IOException {
            ByteBuffer src = buffer.duplicate();
            int size = src.remaining();
            while (src.hasRemaining()) position += channel.write(src, position);
            writes++;
            return size;
        }
    }

    @Benchmark
    public void sequentialWrite(RawFile file, ByteCounter counter) throws IOException {
        counter.bytes += file.write();
    }

    @Benchmark
    public void sequentialWriteForcedPerMiB(RawFile file, ByteCounter counter) throws IOException {
        file.write();
        if (file.writes % WRITES_PER_FORCE == 0) {
            file.channel.force(false);
            counter.bytes += (long) WRITES_PER_FORCE * BenchBatch.BATCH_BYTES;
        }
    }

    @Benchmark
    public void sequentialWriteForcedPerSegment(RawFile file, ByteCounter counter) throws IOException {
        counter.bytes += file.write();
        if (file.writes % WRITES_PER_SEGMENT == 0) file.channel.force(false);
    }

    @Benchmark
    public void writeAndForce(RawFile file, ByteCounter counter) throws IOException {
        int size = file.write();
        file.channel.force(false);
        counter.bytes += size;
    }
}
