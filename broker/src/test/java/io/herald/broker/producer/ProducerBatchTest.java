package io.herald.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class ProducerBatchTest {

    private static ByteBuffer idempotent(long producerId, short epoch, int baseSequence, int records) {
        SimpleRecord[] values = new SimpleRecord[records];
        for (int i = 0; i < records; i++) values[i] = new SimpleRecord(1000L + i, ("v" + i).getBytes());
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, values)
                .buffer();
    }

    private static ByteBuffer transactional() {
        MemoryRecordsBuilder builder = MemoryRecords.builder(
                ByteBuffer.allocate(256),
                RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE,
                TimestampType.CREATE_TIME,
                0L,
                1000L,
                7L,
                (short) 1,
                0,
                true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        builder.append(1000L, null, "v".getBytes());
        return builder.build().buffer();
    }

    @Test
    void readsProducerFieldsFromAKafkaBuiltBatch() {
        ProducerBatch batch = ProducerBatch.fromHeader(idempotent(7, (short) 3, 10, 4));

        assertThat(batch).isEqualTo(new ProducerBatch(7, (short) 3, 10, 13, 4));
    }

    @Test
    void lastSequenceWrapsPastMaxValueAsKafkaDoes() {
        ProducerBatch batch = ProducerBatch.fromHeader(idempotent(7, (short) 0, Integer.MAX_VALUE - 1, 4));

        assertThat(batch.lastSequence()).isEqualTo(1);
    }

    @Test
    void readsFromTheBuffersPositionAndLeavesItThere() {
        ByteBuffer bytes = idempotent(7, (short) 0, 5, 1);
        ByteBuffer shifted = ByteBuffer.allocate(bytes.remaining() + 3);
        shifted.position(3).put(bytes).position(3);

        ProducerBatch batch = ProducerBatch.fromHeader(shifted);

        assertThat(batch.baseSequence()).isEqualTo(5);
        assertThat(shifted.position()).isEqualTo(3);
    }

    @Test
    void nonIdempotentBatchHasNoProducer() {
        ByteBuffer plain = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))
                .buffer();

        ProducerBatch batch = ProducerBatch.fromHeader(plain);

        assertThat(batch.idempotent()).isFalse();
        assertThat(batch.baseSequence()).isEqualTo(-1);
        assertThat(batch.lastSequence()).isEqualTo(-1);
    }

    @Test
    void transactionalAttributeIsRead() {
        assertThat(ProducerBatch.isTransactional(transactional())).isTrue();
        assertThat(ProducerBatch.isTransactional(idempotent(7, (short) 0, 0, 1)))
                .isFalse();
    }

    @Test
    void bufferShorterThanTheHeaderIsRejectedWithItsSize() {
        assertThatThrownBy(() -> ProducerBatch.fromHeader(ByteBuffer.allocate(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("61 bytes, only 20 remain");
    }
}
