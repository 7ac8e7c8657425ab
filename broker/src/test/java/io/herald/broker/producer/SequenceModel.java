package io.herald.broker.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;

/**
 * The idempotence rules written as plainly as possible, for the property test: every accepted batch of every producer
 * is kept, and each answer is derived from that whole history rather than from a bounded cache.
 */
final class SequenceModel {
    record Appended(ProducerBatch batch, long baseOffset, long lastOffset, long timestampMs) {}

    private final long expirationMs;
    private final Map<Long, List<Appended>> history = new HashMap<>();

    SequenceModel(long expirationMs) {
        this.expirationMs = expirationMs;
    }

    /** The answer's kind and, for a duplicate, its offsets: what the table must say. */
    Object expected(ProducerBatch b) {
        List<Appended> h = history.get(b.producerId());
        if (b.producerId() < 0 || h == null) return SequenceCheck.ACCEPT;
        Appended last = h.getLast();
        short epoch = last.batch().producerEpoch();
        List<Appended> ofEpoch =
                h.stream().filter(a -> a.batch().producerEpoch() == epoch).toList();
        List<Appended> recent = ofEpoch.subList(Math.max(0, ofEpoch.size() - 5), ofEpoch.size());
        if (b.producerEpoch() == epoch) {
            for (Appended a : recent) {
                if (a.batch().baseSequence() == b.baseSequence() && a.batch().lastSequence() == b.lastSequence()) {
                    return new SequenceCheck.Duplicate(a.baseOffset(), a.lastOffset(), a.timestampMs());
                }
            }
        }
        if (b.producerEpoch() < epoch) return Errors.INVALID_PRODUCER_EPOCH;
        long expectedSeq = b.producerEpoch() > epoch ? 0 : (last.batch().lastSequence() + 1L) % (1L << 31);
        return b.baseSequence() == expectedSeq ? SequenceCheck.ACCEPT : Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
    }

    void append(ProducerBatch b, long baseOffset, long lastOffset, long timestampMs) {
        if (b.producerId() < 0) return;
        history.computeIfAbsent(b.producerId(), id -> new ArrayList<>())
                .add(new Appended(b, baseOffset, lastOffset, timestampMs));
    }

    void expire(long nowMs) {
        history.values().removeIf(h -> nowMs - h.getLast().timestampMs() >= expirationMs);
    }

    void onLogStartOffsetMoved(long logStartOffset) {
        history.values().removeIf(h -> h.getLast().lastOffset() < logStartOffset);
    }

    List<ActiveProducer> activeProducers() {
        return history.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> {
                    Appended last = e.getValue().getLast();
                    return new ActiveProducer(
                            e.getKey(),
                            last.batch().producerEpoch(),
                            last.batch().lastSequence(),
                            last.timestampMs(),
                            -1,
                            -1);
                })
                .toList();
    }
}
