package io.herald.log;

import java.nio.file.Path;
import java.util.Map;

/** Opens logs in a test's temporary directory with a manual clock and a shared flush scheduler. */
public final class LogFixture implements AutoCloseable {
    public static final long START_MS = 1_700_000_000_000L;

    public final ManualClock clock = new ManualClock(START_MS);
    public final FlushScheduler flusher = new FlushScheduler(clock, 10);
    public final Path dir;

    public LogFixture(Path dir) {
        this.dir = dir;
    }

    public PartitionLog open(Map<String, String> properties) {
        return PartitionLog.open(dir, LogConfig.fromProperties(properties), flusher, clock);
    }

    public PartitionLog open() {
        return open(Map.of());
    }

    @Override
    public void close() {
        flusher.close();
    }
}
