package io.herald.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.broker.schema.RegisteredSchemas;
import io.herald.broker.schema.SchemaIdValidator;
import io.herald.broker.schema.SchemaValidationConfig;
import io.herald.broker.topic.TopicConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

class ProducedBatchValidatorTest {
    private static final SchemaIdValidator NO_SCHEMAS = new SchemaIdValidator(new RegisteredSchemas(() -> null));

    /**
     * Found by RequestFuzzIT: a gzip batch of a few dozen bytes whose one record declares a 1 GiB body made the
     * broker allocate 1 GiB for a compacted topic (whose records are all read on append).
     */
    @Test
    void compressedRecordDeclaringAHugeBodyIsRefusedWithoutAllocatingIt() throws IOException {
        ByteBuffer bytes = gzipBatchWithOneRecordDeclaring(1 << 30);
        MutableRecordBatch batch = parse(bytes);
        TopicConfig compacted = TopicConfig.of(Map.of("cleanup.policy", "compact"), Map.of());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> ProducedBatchValidator.validate(
                        bytes,
                        batch,
                        "t",
                        compacted,
                        SchemaValidationConfig.OFF,
                        NO_SCHEMAS,
                        System.currentTimeMillis()))
                .isInstanceOf(InvalidRecordException.class);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(64L << 20);
    }

    @Test
    void aBatchWithABadCrcIsRefusedBeforeItsRecordsAreDecoded() throws IOException {
        ByteBuffer bytes = gzipBatchWithOneRecordDeclaring(10);
        bytes.put(70, (byte) (bytes.get(70) ^ 1));
        TopicConfig compacted = TopicConfig.of(Map.of("cleanup.policy", "compact"), Map.of());

        assertThatThrownBy(() -> ProducedBatchValidator.validate(
                        bytes,
                        parse(bytes),
                        "t",
                        compacted,
                        SchemaValidationConfig.OFF,
                        NO_SCHEMAS,
                        System.currentTimeMillis()))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("crc");
    }

    /**
     * Found by RequestFuzzIT: snappy-java never returned from a snappy batch without its stream header, stalling the
     * connection.
     */
    @Test
    void aSnappyBatchWithoutTheSnappyStreamHeaderIsRefusedBeforeDecoding() throws IOException {
        ByteBuffer bytes = gzipBatchWithOneRecordDeclaring(10);
        bytes.putShort(21, (short) 2); // attributes: snappy, over gzip bytes
        fixCrc(bytes);
        TopicConfig compacted = TopicConfig.of(Map.of("cleanup.policy", "compact"), Map.of());

        assertThatThrownBy(() -> ProducedBatchValidator.validate(
                        bytes,
                        parse(bytes),
                        "t",
                        compacted,
                        SchemaValidationConfig.OFF,
                        NO_SCHEMAS,
                        System.currentTimeMillis()))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("snappy stream header");
    }

    private static MutableRecordBatch parse(ByteBuffer bytes) {
        return MemoryRecords.readableRecords(bytes.duplicate())
                .batches()
                .iterator()
                .next();
    }

    private static void fixCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), 21, batch.limit() - 21);
        batch.putInt(17, (int) crc.getValue());
    }

    private static ByteBuffer gzipBatchWithOneRecordDeclaring(int bodyBytes) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            int zigzag = bodyBytes << 1; // the record's length varint, then a few body bytes
            while ((zigzag & ~0x7F) != 0) {
                gzip.write((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            gzip.write(zigzag);
            gzip.write(new byte[16]);
        }
        byte[] records = compressed.toByteArray();
        long now = System.currentTimeMillis();
        ByteBuffer batch = ByteBuffer.allocate(61 + records.length)
                .putLong(0) // base offset
                .putInt(49 + records.length) // batch length
                .putInt(-1) // partition leader epoch
                .put((byte) 2) // magic
                .putInt(0) // crc, below
                .putShort((short) 1) // attributes: gzip
                .putInt(0) // last offset delta
                .putLong(now)
                .putLong(now)
                .putLong(-1) // producer id
                .putShort((short) -1)
                .putInt(-1)
                .putInt(1) // record count
                .put(records)
                .flip();
        fixCrc(batch);
        return batch;
    }
}
