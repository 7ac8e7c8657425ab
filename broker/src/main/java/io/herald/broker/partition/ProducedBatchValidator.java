package io.herald.broker.partition;

import io.herald.broker.schema.SchemaIdValidator;
import io.herald.broker.schema.SchemaValidationConfig;
import io.herald.broker.topic.TopicConfig;
import java.nio.ByteBuffer;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * The checks Kafka's {@code LogValidator} makes on a produced batch that need the topic's config or the records
 * themselves, before the log's own checks (size, magic, CRC32C, offsets): no control batches, a sequence for every
 * idempotent batch, no LogAppendTime set by a producer, CreateTime timestamps within {@code
 * message.timestamp.before.max.ms} / {@code after.max.ms} of the broker's clock, and a key on every record of a
 * compacted topic; and, when the topic asks for it, each record's schema id ({@link SchemaIdValidator}). The records
 * are read (decompressed when needed) only when a rule needs them: for a compacted topic, when {@code before.max.ms}
 * is set, or with schema validation on; otherwise the batch's max timestamp is checked against {@code after.max.ms}.
 * A record of a compressed batch whose declared body is larger than the topic's {@code
 * max.message.bytes} is refused ({@code INVALID_RECORD}) before its body is allocated; Kafka bounds it the same way with
 * a separate {@code max.decompressed.message.bytes} (trunk, not in 4.4). Stateless itself.
 */
final class ProducedBatchValidator {
    private ProducedBatchValidator() {}

    /** The header kafka-clients' snappy stream writes before its blocks (xerial's framing: magic and version). */
    private static final byte[] SNAPPY_STREAM_HEADER = {-126, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    private static final int RECORDS_OFFSET = 61;

    /** Validates {@code batch}, parsed from {@code bytes} (the whole batch, from its position). */
    static void validate(
            ByteBuffer bytes,
            MutableRecordBatch batch,
            String topic,
            TopicConfig config,
            SchemaValidationConfig schemaValidation,
            SchemaIdValidator schemaIds,
            long nowMs) {
        // The CRC first, as Kafka does: nothing of a damaged batch is decoded (decoders are not all safe on garbage),
        // and a damaged header never reaches the producer state check (it could pass as a duplicate). The log checks
        // it again, as it must for any caller; CRC32C runs at tens of GB/s, a few µs per 64 KiB batch.
        batch.ensureValid();
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
        boolean checkEachRecord =
                config.compacted() || (!logAppendTime && beforeMaxMs != Long.MAX_VALUE) || schemaValidation.enabled();
        if (!logAppendTime) checkTimestamp(batch.maxTimestamp(), nowMs, beforeMaxMs, afterMaxMs);
        if (!checkEachRecord) return;
        if (batch.compressionType() == CompressionType.SNAPPY) requireSnappyStreamHeader(bytes);
        // A compressed record's body is allocated at the length it declares, so that length is bounded before the
        // allocation (kafka-clients' default bound is ~2 GiB: a few hundred gzip bytes could claim 1 GiB).
        int maxRecordBodyBytes = config.logConfig().maxMessageBytes();
        try (CloseableIterator<Record> records = batch.streamingIterator(
                org.apache.kafka.common.utils.internals.BufferSupplier.NO_CACHING, maxRecordBodyBytes)) {
            for (int index = 0; records.hasNext(); index++) {
                Record record = records.next();
                if (config.compacted() && !record.hasKey()) {
                    throw new InvalidRecordException("record at offset delta " + (record.offset() - batch.baseOffset())
                            + " has no key; a compacted topic (cleanup.policy=compact) needs a key on every record");
                }
                if (!logAppendTime) checkTimestamp(record.timestamp(), nowMs, beforeMaxMs, afterMaxMs);
                if (schemaValidation.enabled()) schemaIds.check(topic, schemaValidation, record, index);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            if (e instanceof InvalidRecordException || e instanceof InvalidTimestampException) throw e;
            throw new CorruptRecordException("cannot read the records of the batch: " + e.getMessage());
        }
    }

    /**
     * snappy-java reads a block without its stream header as one raw snappy block, and on some inputs that path never
     * returns; every Kafka producer writes the header, so a batch without it is refused before it is decoded.
     */
    private static void requireSnappyStreamHeader(ByteBuffer bytes) {
        int at = bytes.position() + RECORDS_OFFSET;
        boolean present = bytes.limit() - at >= SNAPPY_STREAM_HEADER.length;
        for (int i = 0; present && i < SNAPPY_STREAM_HEADER.length; i++) {
            present = bytes.get(at + i) == SNAPPY_STREAM_HEADER[i];
        }
        if (!present) {
            throw new CorruptRecordException(
                    "snappy batch does not start with the snappy stream header that Kafka producers write");
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
