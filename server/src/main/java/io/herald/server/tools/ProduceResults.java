package io.herald.server.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What {@code herald produce} sent and where it went: per partition the first and last offset acknowledged, and the
 * first failure.
 *
 * <p>Thread-safety: the producer's I/O thread calls {@link #onCompletion}, the command's thread the rest; {@code lock}
 * guards every field.
 */
final class ProduceResults {
    private final String topic;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, long[]> offsetRanges = new TreeMap<>();
    private int acknowledged;
    private int failedCount;
    private Exception firstFailure;

    ProduceResults(String topic) {
        this.topic = topic;
    }

    void onCompletion(RecordMetadata metadata, Exception failure) {
        lock.lock();
        try {
            if (failure != null) {
                failedCount++;
                if (firstFailure == null) firstFailure = failure;
                return;
            }
            acknowledged++;
            long[] range = offsetRanges.computeIfAbsent(metadata.partition(), p -> new long[] {Long.MAX_VALUE, -1});
            if (metadata.hasOffset()) {
                range[0] = Math.min(range[0], metadata.offset());
                range[1] = Math.max(range[1], metadata.offset());
            }
        } finally {
            lock.unlock();
        }
    }

    boolean failed() {
        lock.lock();
        try {
            return firstFailure != null;
        } finally {
            lock.unlock();
        }
    }

    Exception firstFailure() {
        lock.lock();
        try {
            return firstFailure;
        } finally {
            lock.unlock();
        }
    }

    /** {@code Produced 3 records: orders-0@0..1, orders-1@5}, and the failures if any. */
    String summary(String acks) {
        lock.lock();
        try {
            StringBuilder summary =
                    new StringBuilder("Produced " + acknowledged + (acknowledged == 1 ? " record" : " records"));
            List<String> ranges = new ArrayList<>();
            offsetRanges.forEach((partition, range) -> {
                String where = topic + "-" + partition;
                if (range[1] < 0) ranges.add(where);
                else if (range[0] == range[1]) ranges.add(where + "@" + range[0]);
                else ranges.add(where + "@" + range[0] + ".." + range[1]);
            });
            if (!ranges.isEmpty()) summary.append(": ").append(String.join(", ", ranges));
            if ("0".equals(acks) && acknowledged > 0) summary.append(" (acks=0: the broker reports no offsets)");
            if (failedCount > 0) summary.append("; ").append(failedCount).append(" failed");
            return summary.toString();
        } finally {
            lock.unlock();
        }
    }
}
