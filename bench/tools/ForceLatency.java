import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * What one small durable append costs on this disk, with and without preallocation: writes of {@code bytes} bytes back
 * to back, each followed by {@code force(false)} (fdatasync), the way a log under {@code flush.policy=always} answers
 * one record in flight. Three files per repetition, in turn: {@code grow} (each write extends the file, as without
 * {@code preallocate}), {@code sparse} (the file extended beforehand with {@link RandomAccessFile#setLength}, as
 * Herald's {@code preallocate} does) and {@code zeroed} (the space written with zeros and forced beforehand).
 *
 * <pre>java bench/tools/ForceLatency.java DIR [writes=10000] [bytes=170] [reps=3] [files=grow,sparse,zeroed]</pre>
 *
 * DIR must be on the disk under test (not tmpfs). Prints p50, p99 and p99.9 in ms per file and repetition. The
 * benchmark scripts run it with {@code files=sparse} before and after a run: this disk's fdatasync latency drifts by
 * 2x and more within minutes, and every {@code acks=all} figure of Herald carries it.
 */
public final class ForceLatency {
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/tools/ForceLatency.java DIR [writes=10000] [bytes=170] [reps=3]"
                    + " [files=grow,sparse,zeroed]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 170;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> files = List.of((args.length > 4 ? args[4] : "grow,sparse,zeroed").split(","));
        for (String file : files) {
            if (!List.of("grow", "sparse", "zeroed").contains(file)) {
                System.err.println("unknown file '" + file + "': give grow, sparse or zeroed, separated by commas");
                System.exit(2);
            }
        }
        long space = (long) writes * bytes;
        for (int rep = 1; rep <= reps; rep++) {
            for (String mode : files) {
                Path file = dir.resolve("force-latency-" + mode);
                Files.deleteIfExists(file);
                long[] nanos;
                try (FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    if (mode.equals("sparse")) {
                        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                            raf.setLength(space);
                        }
                    } else if (mode.equals("zeroed")) {
                        writeZeros(channel, space);
                    }
                    nanos = appendAndForce(channel, writes, bytes);
                } finally {
                    Files.deleteIfExists(file);
                }
                Arrays.sort(nanos);
                System.out.printf(
                        "rep=%d file=%s writes=%d bytes=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f%n",
                        rep,
                        mode,
                        writes,
                        bytes,
                        nanos[writes / 2] / 1e6,
                        nanos[writes * 99 / 100] / 1e6,
                        nanos[writes * 999 / 1000] / 1e6);
            }
        }
    }

    private static void writeZeros(FileChannel channel, long space) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long at = 0; at < space; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), space - at));
            at += channel.write(zeros, at);
        }
        channel.force(true);
    }

    private static long[] appendAndForce(FileChannel channel, int writes, int bytes) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(bytes);
        Arrays.fill(record.array(), (byte) 'x');
        long[] nanos = new long[writes];
        long position = 0;
        for (int i = 0; i < writes; i++) {
            record.clear();
            long start = System.nanoTime();
            while (record.hasRemaining()) position += channel.write(record, position);
            channel.force(false);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }
}
