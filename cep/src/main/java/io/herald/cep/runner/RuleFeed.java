package io.herald.cep.runner;

import io.herald.cep.engine.EngineCounters;
import io.herald.cep.engine.EngineLimits;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.Output;
import io.herald.cep.engine.RuleEngine;
import io.herald.cep.engine.WatermarkTracker;
import io.herald.cep.engine.snapshot.CorruptSnapshotException;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import io.herald.cep.plan.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One rule's engine with its watermark tracker and replay point, fed record by record: what the runner does between
 * reading a record and sending its outputs, without Kafka I/O, so a crash and a replay can be tested directly. A
 * feed starts its partitions from committed offsets (with the event time kept in their metadata), then takes events
 * and skipped records in offset order per partition. Processing time is passed in by the caller. Owned by one
 * thread; not thread-safe.
 */
final class RuleFeed {
    private final RuleEngine engine;
    private final WatermarkTracker watermarks;
    private final ReplayPoint replay = new ReplayPoint();

    RuleFeed(Rule rule, EngineLimits limits) {
        this(RuleEngine.create(rule, limits), rule);
    }

    private RuleFeed(RuleEngine engine, Rule rule) {
        this.engine = engine;
        this.watermarks = WatermarkTracker.of(rule.source());
    }

    private static final int CHECKPOINT_MAGIC = 0x48434643; // "HCFC"
    private static final int CHECKPOINT_FORMAT_VERSION = 1;

    /**
     * The feed's whole state between two records, for a runner checkpoint: magic {@code HCFC} (int), format version
     * (int), the engine snapshot (length-prefixed, {@link RuleEngine#snapshot()}), then the replay point's state
     * ({@link ReplayPoint#writeTo}), whose next offsets are where a restored feed continues. The watermark tracker is
     * not stored: its per-partition event times are the replay point's, and its idle clocks are processing time,
     * which starts again at the restore.
     */
    byte[] checkpoint() {
        SnapshotWriter out = new SnapshotWriter();
        out.writeInt(CHECKPOINT_MAGIC);
        out.writeInt(CHECKPOINT_FORMAT_VERSION);
        out.writeBytes(engine.snapshot());
        replay.writeTo(out);
        return out.toByteArray();
    }

    /**
     * A feed that continues from a {@link #checkpoint()}: feed it the records from {@link #positions()} on.
     *
     * @throws io.herald.cep.engine.SnapshotMismatchException when the checkpoint is of another plan
     * @throws CorruptSnapshotException when the bytes cannot be read
     */
    static RuleFeed restore(Rule rule, EngineLimits limits, byte[] checkpoint, long nowMs) {
        SnapshotReader in = new SnapshotReader(checkpoint);
        int magic = in.readInt();
        int format = in.readInt();
        if (magic != CHECKPOINT_MAGIC || format != CHECKPOINT_FORMAT_VERSION) {
            throw new CorruptSnapshotException("not a runner checkpoint of format " + CHECKPOINT_FORMAT_VERSION
                    + " (magic 0x" + Integer.toHexString(magic) + ", format " + format + ")");
        }
        RuleFeed feed = new RuleFeed(RuleEngine.restore(rule, limits, in.readBytes()), rule);
        feed.replay.readFrom(in);
        if (!in.atEnd()) {
            throw new CorruptSnapshotException("bytes left over after the checkpoint of rule " + rule.name());
        }
        Map<TopicPartition, Long> maxEventTimes = feed.replay.maxEventTimes();
        for (TopicPartition partition : feed.replay.positions().keySet()) {
            Long maxEventTime = maxEventTimes.get(partition);
            if (maxEventTime == null) {
                feed.watermarks.assign(partition.topic(), partition.partition(), nowMs);
            } else {
                feed.watermarks.onEvent(partition.topic(), partition.partition(), maxEventTime, nowMs);
            }
        }
        return feed;
    }

    /**
     * Starts a partition at {@code offset}; {@code committed} is the offset's metadata when it was committed by a
     * runner of this rule, else null.
     */
    void start(TopicPartition partition, long offset, OffsetAndMetadata committed, long nowMs) {
        OptionalLong maxEventTime = committed == null ? OptionalLong.empty() : ReplayPoint.maxEventTimeMs(committed);
        replay.start(partition, offset, maxEventTime);
        if (maxEventTime.isPresent()) {
            watermarks.onEvent(partition.topic(), partition.partition(), maxEventTime.getAsLong(), nowMs);
        } else {
            watermarks.assign(partition.topic(), partition.partition(), nowMs);
        }
    }

    /** Every partition is started: the engine takes the restored watermark, and the start is a replay point. */
    void started(long nowMs) {
        engine.onWatermark(watermarks.watermarkMs(nowMs)); // an empty engine: nothing to emit
        replay.markSafe();
    }

    /** Feeds one event (its coordinates name its partition and offset); returns the outputs it causes now. */
    List<Output> onEvent(Event event, long nowMs) {
        TopicPartition partition = new TopicPartition(event.topic(), event.partition());
        watermarks.onEvent(event.topic(), event.partition(), event.eventTimeMs(), nowMs);
        if (event.eventTimeMs() < engine.watermarkMs()) {
            replay.appliedOnArrival(partition, event.offset());
        }
        int bufferedBefore = engine.bufferedEvents();
        List<Output> out = new ArrayList<>(engine.onEvent(event));
        if (engine.bufferedEvents() > bufferedBefore) {
            replay.buffered(partition, event.offset(), event.eventTimeMs());
        }
        replay.onEventTime(partition, event.eventTimeMs());
        out.addAll(engine.onWatermark(watermarks.watermarkMs(nowMs)));
        replay.released(engine.watermarkMs());
        replay.advance(partition, event.offset() + 1);
        markIfQuiet();
        return out;
    }

    /** A record that is not an event (sent aside by the runner) is passed over. */
    void skipped(TopicPartition partition, long offset) {
        replay.advance(partition, offset + 1);
        markIfQuiet();
    }

    /** Processing time passed: idle partitions may release the watermark. Returns what that emits. */
    List<Output> onTime(long nowMs) {
        List<Output> out = engine.onWatermark(watermarks.watermarkMs(nowMs));
        replay.released(engine.watermarkMs());
        markIfQuiet();
        return out;
    }

    /** A replay point whenever the engine holds nothing but buffered events, which a replay reads again. */
    private void markIfQuiet() {
        if (engine.stateSize() == engine.bufferedEvents()) {
            replay.markSafe();
        }
    }

    /** The offsets (with metadata) a restart may begin from. */
    Map<TopicPartition, OffsetAndMetadata> replayPoint() {
        return replay.safeOffsets();
    }

    /** The engine's counters (events in, rows out, late, overflow). */
    EngineCounters counters() {
        return engine.counters();
    }

    /** What the engine holds now. */
    long stateSize() {
        return engine.stateSize();
    }

    /** Per partition, the next offset to feed. */
    Map<TopicPartition, Long> positions() {
        return replay.positions();
    }
}
