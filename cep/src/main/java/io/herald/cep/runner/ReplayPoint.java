package io.herald.cep.runner;

import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a restarted runner must start reading so that it rebuilds the engine's state. A replay point may be taken
 * when the engine's processor holds nothing (no window, partial match or suppression): per input partition, the
 * offset of the oldest event still buffered in the engine (waiting for the watermark), or the next offset to read
 * when none is; and only if no event at or after that offset has reached the processor yet (an event that arrived
 * late, or a buffered event already released). Replaying from there rebuilds exactly the engine's state at that
 * moment: the events before the offset have left no trace, and those after it are buffered again or sent aside again,
 * as the first time. (Without the second condition the replay would apply a later event without the earlier ones it
 * was aggregated with, and write a row with a known id but other content.) Each offset carries, as metadata, the
 * largest event time read from its partition before it, so the restarted runner starts from the same partition
 * watermark and classifies the replayed events as late or on time as before.
 *
 * <p>Owned by the runner's loop thread; not thread-safe.
 */
final class ReplayPoint {
    private static final String METADATA_PREFIX = "herald-cep maxEventTimeMs=";

    /** Per partition, the next offset to process. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    private final Map<TopicPartition, Long> maxEventTimeMs = new HashMap<>();
    private Map<TopicPartition, OffsetAndMetadata> safe = Map.of();

    /** An event buffered in the engine, with the largest event time its partition had before it. */
    private record Buffered(TopicPartition partition, long offset, long eventTimeMs, Long maxEventTimeBeforeMs) {}

    private final PriorityQueue<Buffered> bufferedByTime =
            new PriorityQueue<>(Comparator.comparingLong(Buffered::eventTimeMs));
    private final Map<TopicPartition, TreeMap<Long, Buffered>> bufferedByOffset = new HashMap<>();

    /** Per partition, the largest offset of an event that reached the processor (late on arrival, or released). */
    private final Map<TopicPartition, Long> maxAppliedOffset = new HashMap<>();

    /** Forgets everything (the engine was rebuilt). */
    void reset() {
        next.clear();
        maxEventTimeMs.clear();
        bufferedByTime.clear();
        bufferedByOffset.clear();
        maxAppliedOffset.clear();
        safe = Map.of();
    }

    /**
     * The engine buffered this event (it waits for the watermark). Called before {@link #onEventTime} for the same
     * event, so the partition's largest event time before it is known.
     */
    void buffered(TopicPartition partition, long offset, long eventTimeMs) {
        Buffered b = new Buffered(partition, offset, eventTimeMs, maxEventTimeMs.get(partition));
        bufferedByTime.add(b);
        bufferedByOffset.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, b);
    }

    /** The engine's watermark reached {@code watermarkMs}: it processed every buffered event earlier than that. */
    void released(long watermarkMs) {
        while (!bufferedByTime.isEmpty() && bufferedByTime.peek().eventTimeMs() < watermarkMs) {
            Buffered b = bufferedByTime.poll();
            bufferedByOffset.get(b.partition()).remove(b.offset());
            maxAppliedOffset.merge(b.partition(), b.offset(), Math::max);
        }
    }

    /** A partition starts at {@code offset}, with the largest event time read before it if known. */
    void start(TopicPartition partition, long offset, OptionalLong maxEventTimeBeforeMs) {
        next.put(partition, offset);
        if (maxEventTimeBeforeMs.isPresent()) {
            maxEventTimeMs.put(partition, maxEventTimeBeforeMs.getAsLong());
        } else {
            maxEventTimeMs.remove(partition);
        }
    }

    /** An event of a partition with this event time was handed to the engine. */
    void onEventTime(TopicPartition partition, long eventTimeMs) {
        maxEventTimeMs.merge(partition, eventTimeMs, Math::max);
    }

    /** The record before {@code nextOffset} is fully handled (its outputs sent). */
    void advance(TopicPartition partition, long nextOffset) {
        next.put(partition, nextOffset);
    }

    /**
     * The event at this offset arrived below the watermark: the engine applied it at once (or sent it aside, which
     * is counted the same way, to be safe).
     */
    void appliedOnArrival(TopicPartition partition, long offset) {
        maxAppliedOffset.merge(partition, offset, Math::max);
    }

    /**
     * The engine's processor holds nothing now (only buffered events, if any): takes a replay point unless an event
     * after the oldest buffered one of a partition already reached the processor. Returns whether it took one.
     */
    boolean markSafe() {
        for (Map.Entry<TopicPartition, TreeMap<Long, Buffered>> e : bufferedByOffset.entrySet()) {
            Long applied = maxAppliedOffset.get(e.getKey());
            if (!e.getValue().isEmpty()
                    && applied != null
                    && applied > e.getValue().firstKey()) {
                return false;
            }
        }
        Map<TopicPartition, OffsetAndMetadata> point = new HashMap<>();
        next.forEach((partition, offset) -> {
            TreeMap<Long, Buffered> buffered = bufferedByOffset.get(partition);
            if (buffered == null || buffered.isEmpty()) {
                point.put(partition, offsetAndMetadata(offset, maxEventTimeMs.get(partition)));
            } else {
                Buffered oldest = buffered.firstEntry().getValue();
                point.put(partition, offsetAndMetadata(oldest.offset(), oldest.maxEventTimeBeforeMs()));
            }
        });
        safe = Map.copyOf(point);
        return true;
    }

    private static OffsetAndMetadata offsetAndMetadata(long offset, Long maxEventTimeBeforeMs) {
        return new OffsetAndMetadata(
                offset, maxEventTimeBeforeMs == null ? "" : METADATA_PREFIX + maxEventTimeBeforeMs);
    }

    /** The offsets to commit: the last replay point. */
    Map<TopicPartition, OffsetAndMetadata> safeOffsets() {
        return safe;
    }

    /** Per partition, the next offset to process. */
    Map<TopicPartition, Long> positions() {
        return Map.copyOf(next);
    }

    /** Per partition, the largest event time handed to the engine (or restored from metadata). */
    Map<TopicPartition, Long> maxEventTimes() {
        return Map.copyOf(maxEventTimeMs);
    }

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /**
     * Everything this replay point tracks, for a runner checkpoint: the next offsets, the largest event times, the
     * buffered events (partition, offset, event time, the partition's largest event time before it or none), the
     * largest applied offsets, and the last replay point (offset and metadata); each a count then its entries, in
     * (time,) topic, partition, offset order so equal states give equal bytes.
     */
    void writeTo(SnapshotWriter out) {
        writeOffsets(out, next);
        writeOffsets(out, maxEventTimeMs);
        List<Buffered> buffered = new ArrayList<>(bufferedByTime);
        buffered.sort(Comparator.comparingLong(Buffered::eventTimeMs)
                .thenComparing(Buffered::partition, PARTITION_ORDER)
                .thenComparingLong(Buffered::offset));
        out.writeInt(buffered.size());
        for (Buffered b : buffered) {
            writePartition(out, b.partition());
            out.writeLong(b.offset());
            out.writeLong(b.eventTimeMs());
            out.writeBoolean(b.maxEventTimeBeforeMs() != null);
            out.writeLong(b.maxEventTimeBeforeMs() == null ? 0 : b.maxEventTimeBeforeMs());
        }
        writeOffsets(out, maxAppliedOffset);
        List<TopicPartition> safePartitions = new ArrayList<>(safe.keySet());
        safePartitions.sort(PARTITION_ORDER);
        out.writeInt(safePartitions.size());
        for (TopicPartition partition : safePartitions) {
            writePartition(out, partition);
            out.writeLong(safe.get(partition).offset());
            out.writeString(safe.get(partition).metadata());
        }
    }

    /** Replaces everything with what {@link #writeTo} wrote. */
    void readFrom(SnapshotReader in) {
        reset();
        readOffsets(in, next);
        readOffsets(in, maxEventTimeMs);
        int buffered = in.readCount();
        for (int i = 0; i < buffered; i++) {
            TopicPartition partition = readPartition(in);
            long offset = in.readLong();
            long eventTimeMs = in.readLong();
            boolean known = in.readBoolean();
            long before = in.readLong();
            Buffered b = new Buffered(partition, offset, eventTimeMs, known ? before : null);
            bufferedByTime.add(b);
            bufferedByOffset.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, b);
        }
        readOffsets(in, maxAppliedOffset);
        int safeCount = in.readCount();
        Map<TopicPartition, OffsetAndMetadata> point = new HashMap<>();
        for (int i = 0; i < safeCount; i++) {
            TopicPartition partition = readPartition(in);
            point.put(partition, new OffsetAndMetadata(in.readLong(), in.readString()));
        }
        safe = Map.copyOf(point);
    }

    private static void writeOffsets(SnapshotWriter out, Map<TopicPartition, Long> values) {
        List<TopicPartition> partitions = new ArrayList<>(values.keySet());
        partitions.sort(PARTITION_ORDER);
        out.writeInt(partitions.size());
        for (TopicPartition partition : partitions) {
            writePartition(out, partition);
            out.writeLong(values.get(partition));
        }
    }

    private static void readOffsets(SnapshotReader in, Map<TopicPartition, Long> into) {
        int n = in.readCount();
        for (int i = 0; i < n; i++) {
            TopicPartition partition = readPartition(in);
            into.put(partition, in.readLong());
        }
    }

    private static void writePartition(SnapshotWriter out, TopicPartition partition) {
        out.writeString(partition.topic());
        out.writeInt(partition.partition());
    }

    private static TopicPartition readPartition(SnapshotReader in) {
        String topic = in.readString();
        return new TopicPartition(topic, in.readInt());
    }

    /** The largest event time recorded in a committed offset's metadata, if it has one. */
    static OptionalLong maxEventTimeMs(OffsetAndMetadata committed) {
        String metadata = committed.metadata();
        if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(METADATA_PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
