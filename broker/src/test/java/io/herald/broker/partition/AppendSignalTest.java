package io.herald.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.broker.schema.RegisteredSchemas;
import io.herald.broker.schema.SchemaIdValidator;
import io.herald.broker.topic.TopicConfig;
import io.herald.log.FlushScheduler;
import io.herald.log.PartitionLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A waiting fetch is woken by appends to its own partitions only, and by the broker's close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AppendSignalTest {
    /** Long enough that a wait ending on it was not woken; never an upper bound of anything measured. */
    private static final long NOT_WOKEN_MS = 300;

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final AppendSignal signal = new AppendSignal();
    private FlushScheduler flusher;
    private Partition watched;
    private Partition other;

    @BeforeEach
    void openPartitions() {
        flusher = new FlushScheduler(clock);
        watched = open("watched");
        other = open("other");
    }

    @AfterEach
    void closePartitions() {
        watched.close();
        other.close();
        flusher.close();
    }

    @Test
    void anAppendToAnotherPartitionDoesNotWakeTheFetch() throws InterruptedException {
        try (AppendSignal.Waiter waiter = signal.register(List.of(watched))) {
            append(other);
            expireLater(waiter);

            assertThat(waiter.await()).isFalse();
        }
    }

    @Test
    void anAppendToAWatchedPartitionWakesTheFetchEvenBeforeItWaits() throws InterruptedException {
        try (AppendSignal.Waiter waiter = signal.register(List.of(other, watched))) {
            waiter.rearm();
            append(watched);

            assertThat(waiter.await()).isTrue();
            waiter.rearm();
            expireLater(waiter);
            assertThat(waiter.await())
                    .as("a wake-up is used up by the rearm before the next read")
                    .isFalse();
        }
    }

    @Test
    void closingTheBrokerEndsEveryWaitAndEveryLaterOne() throws InterruptedException {
        try (AppendSignal.Waiter waiter = signal.register(List.of(watched))) {
            signal.close();

            assertThat(waiter.await()).isFalse();
        }
        try (AppendSignal.Waiter late = signal.register(List.of(watched))) {
            assertThat(late.await()).isFalse();
        }
    }

    @Test
    void aClosedWaiterLeavesNothingBehind() {
        AppendSignal.Waiter first = signal.register(List.of(watched, other));
        AppendSignal.Waiter second = signal.register(List.of(watched));
        assertThat(signal.watchedPartitions()).isEqualTo(2);

        first.close();
        assertThat(signal.watchedPartitions()).isEqualTo(1);
        second.close();
        assertThat(signal.watchedPartitions()).isZero();
    }

    @Test
    void anExpiredWaiterStopsWaitingEvenWhenDataCameToo() throws InterruptedException {
        try (AppendSignal.Waiter waiter = signal.register(List.of(watched))) {
            waiter.rearm();
            append(watched);
            waiter.expire();

            assertThat(waiter.await())
                    .as("the deadline has passed: the fetch answers with what it reads now")
                    .isFalse();
        }
    }

    /** The fetch's deadline, kept by the caller: ends the wait unless an append woke it first. */
    private static void expireLater(AppendSignal.Waiter waiter) {
        CompletableFuture.delayedExecutor(NOT_WOKEN_MS, TimeUnit.MILLISECONDS).execute(waiter::expire);
    }

    private Partition open(String topic) {
        TopicConfig config = TopicConfig.of(Map.of(), Map.of());
        PartitionLog log = PartitionLog.open(
                dir.resolve(topic + "-0"), config.logConfig().with(Map.of("flush.policy", "interval")), flusher, clock);
        return Partition.open(
                new TopicPartition(topic, 0),
                log,
                config,
                86_400_000,
                new SchemaIdValidator(new RegisteredSchemas(() -> null)),
                signal,
                clock);
    }

    private static void append(Partition partition) {
        ByteBuffer batch = MemoryRecords.withRecords(
                        Compression.NONE, new SimpleRecord(System.currentTimeMillis(), null, bytes("value")))
                .buffer();
        partition.append(batch).durable().join();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
