package io.herald.log;

import io.herald.log.internal.Segment;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Owns the fsync thread that all partition logs of a process share: group commit.
 *
 * <p>An append under {@code flush.policy=always} writes its batch, queues a request here and waits on the request's
 * future. The thread takes every request queued so far, forces each segment file named in them once, then completes
 * them in order, so one fsync covers every batch written to that file since the last round, whichever producer wrote
 * it, and one round covers all partitions that were waiting. While a round runs, new requests queue for the next one:
 * the busier the log, the more batches each fsync carries. Under {@code flush.policy=interval} the thread also forces
 * logs whose {@code flush.ms} has passed; while any is registered, it wakes at least every {@code tickMs} to check,
 * and while none is, it sleeps until an append or {@link #close} wakes it.
 *
 * <p>When a round names several segment files, they are forced at once, the loop thread taking the first and up to
 * {@value #MAX_PARALLEL_FORCES} {@code herald-log-fsync-N} threads the others; the round ends when all are done.
 * Forced together, the files' writes overlap and so do the device flushes that end each fdatasync (the block layer
 * merges flushes that wait at the same time, and on ext4 with a journal one commit serves every fsync waiting for it);
 * forced one after another, each partition would pay its own in turn.
 *
 * <p>A segment a log rolled past is forced by a third kind of thread, the one {@code herald-log-roll-flusher}, in the
 * order the rolls happened ({@link #requestRolledSegmentForce}): such a force carries a whole segment, often hundreds
 * of MiB, and on the loop thread it would hold up every group commit behind it. When it is done, the log moves its
 * recovery point (see {@link PartitionLog#forceRolled}).
 *
 * <p>Thread-safety: {@link #requestFlush} and {@link #requestRolledSegmentForce} are called by appenders under their
 * log's write lock; the queue is guarded by {@code lock}, which is never held across an fsync. The fsync threads only
 * force files and return the outcome; the loop thread alone completes requests and updates the counters. The roll
 * flusher calls back into the log without any lock of this class.
 */
public final class FlushScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FlushScheduler.class.getName());

    /** Most segment files forced at the same time; further ones in a round wait for a free thread. */
    static final int MAX_PARALLEL_FORCES = 8;

    private record Request(
            PartitionLog log, Segment segment, long offset, int position, CompletableFuture<Void> done) {}

    private final Clock clock;
    private final long tickMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Set<PartitionLog> intervalLogs = ConcurrentHashMap.newKeySet();
    private List<Request> pending = new ArrayList<>();
    private boolean closed;
    private final Thread thread;
    private final ThreadPoolExecutor forcers;
    private final ThreadPoolExecutor rollFlusher;
    private CountDownLatch rollFlusherGate;
    private volatile long rounds;
    private volatile long fsyncs;

    public FlushScheduler(Clock clock) {
        this(clock, 100);
    }

    public FlushScheduler(Clock clock, long tickMs) {
        this.clock = clock;
        this.tickMs = tickMs;
        this.forcers = new ThreadPoolExecutor(
                MAX_PARALLEL_FORCES,
                MAX_PARALLEL_FORCES,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("herald-log-fsync-", 0).daemon().factory());
        forcers.allowCoreThreadTimeOut(true);
        this.rollFlusher = new ThreadPoolExecutor(
                1,
                1,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("herald-log-roll-flusher").daemon().factory());
        rollFlusher.allowCoreThreadTimeOut(true);
        this.thread = Thread.ofPlatform().name("herald-log-flusher").daemon().unstarted(this::run);
        thread.start();
    }

    /** Queues a force of {@code segment}; the future completes when bytes up to {@code position} are on disk. */
    CompletableFuture<Void> requestFlush(PartitionLog log, Segment segment, long offset, int position) {
        Request request = new Request(log, segment, offset, position, new CompletableFuture<>());
        lock.lock();
        try {
            if (closed) {
                request.done.completeExceptionally(new StorageException("the flush scheduler is closed"));
                return request.done;
            }
            pending.add(request);
            queued.signal();
        } finally {
            lock.unlock();
        }
        return request.done;
    }

    /**
     * Queues the force of {@code segment}, which {@code log} just rolled past; forces run one at a time in the order
     * queued. After {@link #close} the force runs at once on the caller's thread.
     */
    void requestRolledSegmentForce(PartitionLog log, Segment segment) {
        try {
            rollFlusher.execute(() -> forceRolled(log, segment));
        } catch (RejectedExecutionException e) {
            forceRolled(log, segment);
        }
    }

    private static void forceRolled(PartitionLog log, Segment segment) {
        try {
            log.forceRolled(segment);
        } catch (RuntimeException e) {
            // the log is failed and has logged why; the roll flusher goes on with the other logs
            LOG.log(System.Logger.Level.DEBUG, "background force of " + segment + " failed", e);
        }
    }

    /**
     * For tests: holds every rolled-segment force queued from now on until {@link #releaseRolledSegmentForces}.
     * Returns once the forces queued before have completed, so the recovery points they move have moved.
     */
    void holdRolledSegmentForces() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        rollFlusher.execute(() -> {
            started.countDown();
            awaitUninterruptibly(gate);
        });
        awaitUninterruptibly(started);
        rollFlusherGate = gate;
    }

    /** For tests: lets the held rolled-segment forces run. */
    void releaseRolledSegmentForces() {
        if (rollFlusherGate != null) rollFlusherGate.countDown();
        rollFlusherGate = null;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    void register(PartitionLog log) {
        intervalLogs.add(log);
        lock.lock();
        try {
            queued.signal(); // the thread may be waiting without a timeout, for want of interval logs
        } finally {
            lock.unlock();
        }
    }

    void unregister(PartitionLog log) {
        intervalLogs.remove(log);
    }

    /** Flush rounds run so far; with {@link #fsyncs()} it tells how many batches each fsync carried. */
    public long rounds() {
        return rounds;
    }

    public long fsyncs() {
        return fsyncs;
    }

    private void run() {
        while (true) {
            List<Request> batch;
            lock.lock();
            try {
                if (pending.isEmpty() && !closed) {
                    // without an interval-policy log only an append or close has work here: no periodic wake-ups
                    if (intervalLogs.isEmpty()) queued.await();
                    else queued.await(tickMs, TimeUnit.MILLISECONDS);
                }
                if (closed && pending.isEmpty()) return;
                batch = pending;
                pending = new ArrayList<>();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (!batch.isEmpty()) flushRound(batch);
            flushDueIntervalLogs();
        }
    }

    private void flushRound(List<Request> batch) {
        Set<Segment> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Segment> segments = new ArrayList<>();
        for (Request r : batch) {
            if (seen.add(r.segment)) segments.add(r.segment);
        }
        Map<Segment, IOException> outcome = forceAll(segments);
        for (IOException failure : outcome.values()) {
            if (failure == null) fsyncs++;
        }
        rounds++;
        for (Request r : batch) {
            IOException failure = outcome.get(r.segment);
            // The log closed the segment meanwhile (clean close, or removal after a roll) and forced it first.
            boolean forcedBeforeClose =
                    failure instanceof ClosedChannelException && r.segment.forcedBytes() >= r.position;
            if (failure == null || forcedBeforeClose) {
                r.log.onDurable(r.segment, r.offset, r.position);
                r.done.complete(null);
            } else {
                r.done.completeExceptionally(r.log.onFlushFailed(r.segment, failure));
            }
        }
    }

    /** Forces every segment, the first on this thread and the rest at the same time on the fsync threads. */
    private Map<Segment, IOException> forceAll(List<Segment> segments) {
        List<Future<IOException>> others = new ArrayList<>(segments.size() - 1);
        for (Segment s : segments.subList(1, segments.size())) others.add(forcers.submit(() -> force(s)));
        Map<Segment, IOException> outcome = new IdentityHashMap<>();
        outcome.put(segments.getFirst(), force(segments.getFirst()));
        for (int i = 0; i < others.size(); i++) {
            outcome.put(segments.get(i + 1), awaitForce(others.get(i)));
        }
        return outcome;
    }

    /** Forces {@code segment}'s file; returns the failure, or null. */
    private static IOException force(Segment segment) {
        try {
            segment.flush();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static IOException awaitForce(Future<IOException> force) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return force.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the fsync is under way; its outcome still decides the requests
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            return new IOException(e.getCause());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void flushDueIntervalLogs() {
        long now = clock.millis();
        for (PartitionLog log : intervalLogs) {
            try {
                log.flushIfDue(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "periodic flush of " + log + " failed", e);
            }
        }
    }

    /** Completes every queued request and rolled-segment force, then stops the threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forcers.shutdown();
        rollFlusher.shutdown();
        try {
            while (!rollFlusher.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.WARNING, "still waiting for rolled segments to be forced");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
