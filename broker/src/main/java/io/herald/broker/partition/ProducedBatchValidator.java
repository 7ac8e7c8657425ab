package io.herald.broker.partition;

import io.herald.broker.topic.TopicConfig;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The checks Kafka's {@code LogValidator} makes on a produced batch that need the topic's config or the records
 * themselves, before the log's own checks (size, magic, CRC32C, offsets): no control batches, a sequence for every
 * idempotent batch, no LogAppendTime set by a producer, CreateTime timestamps within {@code
 * message.timestamp.before.max.ms} / {@code after.max.ms} of the broker's clock, and a key on every record of a
 * compacted topic. The records are read (decompressed when needed) only when a rule needs them: for a compacted
 * topic, or when {@code before.max.ms} is set; otherwise the batch's max timestamp is checked against {@code
 * after.max.ms}. Stateless.
 */
final class ProducedBatchValidator {
    private ProducedBatchValidator() {}

    static void validate(MutableRecordBatch batch, TopicConfig config, long nowMs) {
        if (batch.isControlBatch()) {
            throw new InvalidRecordException("producers may not send control batches");
        }
        if (batch.isTransactional()) {
            throw new InvalidRecordException(
                    "transactional batches are not supported yet; produce without transactional.id");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("batch of producer " + batch.producerId()
                    + " has no base sequence; an idempotent producer must number its batches");
        }
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            throw new InvalidTimestampException("producers may not set LogAppendTime on a batch; the broker does");
        }
        boolean logAppendTime = config.logConfig().logAppendTime();
        long beforeMaxMs = config.timestampBeforeMaxMs();
        long afterMaxMs = config.timestampAfterMaxMs();
        boolean checkEachRecord = config.compacted() || (!logAppendTime && beforeMaxMs != Long.MAX_VALUE);
        if (!logAppendTime) checkTimestamp(batch.maxTimestamp(), nowMs, beforeMaxMs, afterMaxMs);
        if (!checkEachRecord) return;
        try (CloseableIterator<Record> records =
                batch.streamingIterator(org.apache.kafka.common.utils.internals.BufferSupplier.NO_CACHING)) {
            while (records.hasNext()) {
                Record record = records.next();
                if (config.compacted() && !record.hasKey()) {
                    throw new InvalidRecordException("record at offset delta " + (record.offset() - batch.baseOffset())
                            + " has no key; a compacted topic (cleanup.policy=compact) needs a key on every record");
                }
                if (!logAppendTime) checkTimestamp(record.timestamp(), nowMs, beforeMaxMs, afterMaxMs);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            if (e instanceof InvalidRecordException || e instanceof InvalidTimestampException) throw e;
            throw new CorruptRecordException("cannot read the records of the batch: " + e.getMessage());
        }
    }

    private static void checkTimestamp(long timestamp, long nowMs, long beforeMaxMs, long afterMaxMs) {
        if (timestamp == RecordBatch.NO_TIMESTAMP) return;
        if (timestamp < nowMs && nowMs - timestamp > beforeMaxMs) {
            throw new InvalidTimestampException("timestamp " + timestamp + " is more than message.timestamp."
                    + "before.max.ms=" + beforeMaxMs + " before the broker's time " + nowMs);
        }
        if (timestamp > nowMs && timestamp - nowMs > afterMaxMs) {
            throw new InvalidTimestampException("timestamp " + timestamp + " is more than message.timestamp."
                    + "after.max.ms=" + afterMaxMs + " after the broker's time " + nowMs
                    + "; check the producer's clock");
        }
    }
}
