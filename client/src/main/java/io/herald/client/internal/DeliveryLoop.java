package io.herald.client.internal;

import io.herald.client.StartPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop that owns a subscriber's {@link Consumer}: polls, hands each record to its partition's
 * {@link KeyOrderedExecutor}, pauses partitions with too many events in flight (holding the quiet ones with them) and
 * resumes them when half have finished (and pauses all of them while the subscriber is paused on request), and commits
 * each partition's {@link PartitionProgress#committableOffset()} when it advances (asynchronously while running,
 * synchronously at revocation and close).
 *
 * <p>Rebalances (called back inside {@code poll}, on this thread): a revoked partition's in-flight events get
 * {@code revocationDrain} to finish, then what is finished is committed and the rest is abandoned to the next owner; a
 * lost partition is dropped without a commit. An abandoned handler may still be running; if the partition comes back
 * to this subscriber, its executor comes back with it, so a redelivered event of that key waits for the abandoned one
 * (another subscriber cannot know of it: across members, key order holds only for handlers that finish in time).
 * Close: the loop stops polling, waits up to the close drain for in-flight events, commits, interrupts what is left
 * and closes the consumer, which leaves the group.
 *
 * <p>Thread-safety: the consumer and {@link #partitions} belong to the loop thread. {@link #requestClose}, {@link
 * #pause}, {@link #resume} and the health getters are called from other threads and touch only volatile or
 * concurrent fields.
 */
public final class DeliveryLoop implements Runnable, ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    /** The poll's timeout while a partition is paused (see {@link #pollTimeout()}). */
    private static final Duration PAUSED_POLL_TIMEOUT = Duration.ofMillis(2);

    /** {@link #fullSinceNanos} while no partition is full. */
    private static final long NOT_FULL = Long.MIN_VALUE;

    /** One assigned partition's state. */
    private record PartitionState(PartitionProgress progress, KeyOrderedExecutor keys, long[] lastCommitted) {}

    private final Consumer<String, byte[]> consumer;
    private final SubscriberSettings settings;
    private final ExecutorService handlers;
    private final DeadLetterWriter deadLetters;
    private final FailureLog failures;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    // executors of revoked or lost partitions whose abandoned handlers still run, reused if the partition comes back
    private final Map<TopicPartition, KeyOrderedExecutor> abandoned = new HashMap<>();
    private final Set<TopicPartition> positioned = new HashSet<>();
    private final Map<TopicPartition, Integer> inFlightSnapshot = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> lagSnapshot = new ConcurrentHashMap<>();
    private volatile Set<TopicPartition> pausedSnapshot = Set.of();
    private volatile boolean closeRequested;
    private volatile boolean pauseRequested;
    private boolean asyncCommitInFlight; // loop thread only
    private Set<TopicPartition> held = Set.of(); // loop thread only: quiet partitions paused beside full ones
    private long fullSinceNanos = NOT_FULL; // loop thread only: when a partition was first full, of the pauses now
    private volatile Duration closeDrain = Duration.ZERO;
    private volatile boolean running = true;

    /**
     * @param consumer a consumer with a group id and auto commit off, used only by this loop
     * @param settings the subscriber's settings
     * @param handlers runs handlers, one virtual thread each
     * @param deadLetters writes dead letters
     * @param failures records failures for health
     */
    public DeliveryLoop(
            Consumer<String, byte[]> consumer,
            SubscriberSettings settings,
            ExecutorService handlers,
            DeadLetterWriter deadLetters,
            FailureLog failures) {
        this.consumer = consumer;
        this.settings = settings;
        this.handlers = handlers;
        this.deadLetters = deadLetters;
        this.failures = failures;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(settings.topics(), this);
            while (!closeRequested) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout());
                for (TopicPartition partition : records.partitions()) {
                    dispatch(partition, records.records(partition));
                }
                applyPauses();
                commitAdvancedAsync();
                snapshotHealth();
            }
        } catch (RuntimeException e) {
            failures.record(e);
            log.error("subscriber of group {} stopped: {}", settings.groupId(), e.toString(), e);
        } finally {
            shutDown();
        }
    }

    /**
     * Hands a poll's records of one partition to its executor grouped by key, one task per key running that key's
     * events in offset order: a key's events of one poll cost one hand-over, not one each. Null-keyed records are
     * ordered with nothing and each get their own task, as before.
     */
    private void dispatch(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        PartitionState state = partitions.get(partition);
        if (state == null) {
            return; // revoked in this very poll; the next owner reads it
        }
        PartitionProgress progress = state.progress();
        Map<String, List<Runnable>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            progress.dispatched(record.offset());
            // nothing of the record is read here, on the loop's one thread: its event's thread reads it
            EventDelivery delivery = new EventDelivery(record, progress, settings, deadLetters, failures);
            if (record.key() == null) {
                state.keys().submit(null, delivery);
            } else {
                byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(delivery);
            }
        }
        if (!byKey.isEmpty()) {
            state.keys().submitAll(byKey);
        }
    }

    /**
     * The poll's timeout: short while a partition is paused for backpressure, since its handlers may drain it within
     * milliseconds and only the loop can resume it (a poll of the full timeout left the partitions idle for most of
     * it); the full timeout while the subscriber is paused on request, which only {@link #resume} ends.
     */
    private Duration pollTimeout() {
        return pauseRequested
                        || consumer.paused().isEmpty()
                        || settings.pollTimeout().compareTo(PAUSED_POLL_TIMEOUT) < 0
                ? settings.pollTimeout()
                : PAUSED_POLL_TIMEOUT;
    }

    /**
     * Pauses every partition while the subscriber is paused on request. Otherwise pauses a partition with {@code
     * maxInFlightPerPartition} events in flight (it is full) until half of them have finished, and holds the quiet
     * partitions with it (see {@link #quietPartitionsToHold}).
     */
    private void applyPauses() {
        Set<TopicPartition> paused = consumer.paused();
        int limit = settings.maxInFlightPerPartition();
        Set<TopicPartition> full = new HashSet<>();
        partitions.forEach((partition, state) -> {
            int inFlight = state.progress().inFlight();
            boolean wasFull = paused.contains(partition) && !held.contains(partition);
            if (inFlight >= limit || wasFull && inFlight > limit / 2) {
                full.add(partition);
            }
        });
        boolean onRequest = pauseRequested;
        held = onRequest ? Set.of() : quietPartitionsToHold(full);
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition partition : partitions.keySet()) {
            boolean pause = onRequest || full.contains(partition) || held.contains(partition);
            if (pause && !paused.contains(partition)) {
                toPause.add(partition);
            } else if (!pause && paused.contains(partition)) {
                toResume.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    /**
     * The partitions to hold while {@code full} ones are paused: those with at most a poll's worth of records left
     * (the consumer's lag), for up to {@code fetch.max.wait.ms} from the first pause. The consumer leaves paused
     * partitions out of its fetches, so without the hold a fetch of quiet partitions alone went out, waited on the
     * broker for {@code fetch.max.wait.ms} (500 ms by default), and the full partition, once resumed, could not be
     * fetched until that fetch came back: a busy partition beside quiet ones was handled in bursts, with up to that
     * wait between them (SubscribeIT; docs/benchmarks.md, session 14). A partition with more records left is
     * not held: its fetch is answered at once. A hold no longer than the wait it avoids costs a quiet partition's new
     * records at most that wait; after it, a partition still full is slow enough to hide a fetch's wait.
     */
    private Set<TopicPartition> quietPartitionsToHold(Set<TopicPartition> full) {
        if (full.isEmpty()) {
            fullSinceNanos = NOT_FULL;
            return Set.of();
        }
        long now = System.nanoTime();
        if (fullSinceNanos == NOT_FULL) {
            fullSinceNanos = now;
        }
        if (now - fullSinceNanos >= settings.fetchMaxWait().toNanos()) {
            return Set.of();
        }
        Set<TopicPartition> quiet = new HashSet<>();
        for (TopicPartition partition : partitions.keySet()) {
            OptionalLong lag = full.contains(partition) ? OptionalLong.empty() : consumer.currentLag(partition);
            if (lag.isPresent() && lag.getAsLong() <= settings.maxPollRecords()) {
                quiet.add(partition);
            }
        }
        return quiet;
    }

    /**
     * Commits what advanced without waiting for the coordinator's answer, one commit at a time; the answer arrives in a
     * later poll, on this thread. Waiting for it (a durable broker answers after an fsync) kept the loop from
     * dispatching: with it, handling ran at about 0.67× the raw loop, without it at about 0.8× (docs/benchmarks.md,
     * session 13). Offsets stay in order: the consumer sends commits to the coordinator in order on one connection,
     * and revocation and close commit synchronously after any asynchronous commit before them.
     */
    private void commitAdvancedAsync() {
        if (asyncCommitInFlight) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = advanced(partitions.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        asyncCommitInFlight = true;
        consumer.commitAsync(offsets, (committed, exception) -> {
            asyncCommitInFlight = false;
            if (exception != null) {
                failures.record(exception);
                log.warn("commit of {} failed, will retry: {}", offsets, exception.toString());
                return;
            }
            recordCommitted(offsets);
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> advanced(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : which) {
            PartitionState state = partitions.get(partition);
            if (state == null) {
                continue;
            }
            long committable = state.progress().committableOffset();
            if (committable > state.lastCommitted()[0]) {
                offsets.put(partition, new OffsetAndMetadata(committable));
            }
        }
        return offsets;
    }

    private void recordCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null && offset.offset() > state.lastCommitted()[0]) {
                state.lastCommitted()[0] = offset.offset();
            }
            committed.put(partition, offset.offset());
        });
        settings.commitListener().accept(Map.copyOf(committed));
    }

    /** Commits what advanced and waits for the answer: at revocation and close, where nothing may be left behind. */
    private void commitAdvanced(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = advanced(which);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            // a rebalance or a coordinator change: the offsets are committed again on the next round or by revocation
            failures.record(e);
            log.warn("commit of {} failed, will retry: {}", offsets, e.toString());
            return;
        }
        recordCommitted(offsets);
    }

    private void snapshotHealth() {
        pausedSnapshot = Set.copyOf(consumer.paused());
        partitions.forEach((partition, state) -> {
            inFlightSnapshot.put(partition, state.progress().inFlight());
            consumer.currentLag(partition).ifPresent(lag -> lagSnapshot.put(partition, lag));
        });
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        log.info("group {} revoked {}", settings.groupId(), revoked);
        long deadlineNanos = System.nanoTime() + settings.revocationDrain().toNanos();
        List<TopicPartition> owned =
                revoked.stream().filter(partitions::containsKey).toList();
        awaitIdle(owned, deadlineNanos);
        commitAdvanced(owned);
        owned.forEach(this::forget);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        // another member may own them already: committing now could move its offsets back
        lost.forEach(this::forget);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        log.info("group {} assigned {}", settings.groupId(), assigned);
        abandoned.values().removeIf(keys -> keys.activeKeys() == 0);
        for (TopicPartition partition : assigned) {
            KeyOrderedExecutor keys = abandoned.remove(partition);
            partitions.put(
                    partition,
                    new PartitionState(
                            new PartitionProgress(),
                            keys == null ? new KeyOrderedExecutor(handlers) : keys,
                            new long[] {-1}));
        }
        if (pauseRequested) {
            consumer.pause(assigned); // before this poll fetches from them
        }
        List<TopicPartition> firstTime =
                assigned.stream().filter(positioned::add).toList();
        if (!firstTime.isEmpty()) {
            seekToStart(firstTime);
        }
    }

    private void seekToStart(List<TopicPartition> firstTime) {
        switch (settings.startPosition()) {
            case StartPosition.Committed committed -> {}
            case StartPosition.Beginning beginning -> consumer.seekToBeginning(firstTime);
            case StartPosition.AtOffset at -> firstTime.forEach(partition -> consumer.seek(partition, at.offset()));
            case StartPosition.AtTime at -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                firstTime.forEach(partition -> query.put(partition, at.time().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                for (TopicPartition partition : firstTime) {
                    OffsetAndTimestamp offset = found.get(partition);
                    if (offset == null) {
                        consumer.seekToEnd(List.of(partition));
                    } else {
                        consumer.seek(partition, offset.offset());
                    }
                }
            }
        }
    }

    private void forget(TopicPartition partition) {
        PartitionState state = partitions.remove(partition);
        if (state != null && state.keys().activeKeys() > 0) {
            abandoned.put(partition, state.keys());
        }
        inFlightSnapshot.remove(partition);
        lagSnapshot.remove(partition);
    }

    private void awaitIdle(Collection<TopicPartition> which, long deadlineNanos) {
        try {
            for (TopicPartition partition : which) {
                if (!partitions.get(partition).progress().awaitIdle(deadlineNanos)) {
                    log.warn(
                            "{} events of {} still in flight; abandoning them to the partition's next owner",
                            partitions.get(partition).progress().inFlight(),
                            partition);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDown() {
        try {
            awaitIdle(List.copyOf(partitions.keySet()), System.nanoTime() + closeDrain.toNanos());
            commitAdvanced(List.copyOf(partitions.keySet()));
        } catch (RuntimeException e) {
            failures.record(e);
            log.warn("final commit of group {} failed: {}", settings.groupId(), e.toString());
        } finally {
            // forgotten before close, which revokes them: they are committed already, or abandoned on purpose
            partitions.clear();
            handlers.shutdownNow();
            deadLetters.close();
            consumer.close();
            inFlightSnapshot.clear();
            lagSnapshot.clear();
            pausedSnapshot = Set.of();
            running = false;
        }
    }

    /** Asks the loop to stop, giving in-flight events {@code drain} to finish; returns at once. */
    public void requestClose(Duration drain) {
        closeDrain = drain;
        closeRequested = true;
    }

    /**
     * Asks the loop to stop fetching from every partition, assigned now or later, until {@link #resume}; returns at
     * once, and takes effect at the loop's next round. Events already fetched are still handled and committed.
     */
    public void pause() {
        pauseRequested = true;
    }

    /** Asks the loop to fetch again after {@link #pause}; takes effect within a poll timeout. */
    public void resume() {
        pauseRequested = false;
    }

    /** Whether the subscriber is paused on request. */
    public boolean pauseRequested() {
        return pauseRequested;
    }

    /** Whether the loop still runs (false after close or a fatal error). */
    public boolean running() {
        return running;
    }

    /** In-flight events per assigned partition, as of the last loop round. */
    public Map<TopicPartition, Integer> inFlight() {
        return Map.copyOf(inFlightSnapshot);
    }

    /** The partitions paused, for backpressure or on request, as of the last loop round. */
    public Set<TopicPartition> paused() {
        return pausedSnapshot;
    }

    /** Lag (records not yet fetched) per assigned partition, as of the last loop round. */
    public Map<TopicPartition, Long> lag() {
        return Map.copyOf(lagSnapshot);
    }
}
