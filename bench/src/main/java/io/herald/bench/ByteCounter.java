package io.herald.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes moved by one benchmark thread, which JMH reports beside the primary ops/s as a secondary result named
 * {@code bytes}: summed over threads and divided by the measured time, so its score is bytes per second even though
 * JMH labels it "ops/s". {@link LogBenchmarks} turns it into MiB/s. Reset before each iteration, as JMH requires.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {
    /** Bytes written, made durable or sent, depending on the benchmark; see each one's javadoc. */
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
        bytes = 0;
    }
}
