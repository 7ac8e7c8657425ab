package io.herald.broker.producer;

import static io.herald.broker.producer.Batches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.protocol.types.ArrayOf;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerSnapshotFileTest {
    /** ProducerSnapshot.json of Kafka's storage module, expressed with kafka-clients' schema types. */
    private static final Schema KAFKA_ENTRY = new Schema(
            new Field("producer_id", Type.INT64),
            new Field("epoch", Type.INT16),
            new Field("last_sequence", Type.INT32),
            new Field("last_offset", Type.INT64),
            new Field("offset_delta", Type.INT32),
            new Field("timestamp", Type.INT64),
            new Field("coordinator_epoch", Type.INT32),
            new Field("current_txn_first_offset", Type.INT64));

    private static final Schema KAFKA_SNAPSHOT = new Schema(
            new Field("version", Type.INT16),
            new Field("crc", Type.UNSIGNED_INT32),
            new Field("producer_entries", new ArrayOf(KAFKA_ENTRY)));

    @TempDir
    Path dir;

    private final ProducerStateTable table = new ProducerStateTable(60_000);

    private void appendTwoProducers() {
        table.onAppended(batch(7, 1, 0, 3), 0, 2, 1000);
        table.onAppended(batch(7, 1, 3, 2), 3, 4, 1100);
        table.onAppended(batch(9, 0, Integer.MAX_VALUE, 3), 5, 7, 1200);
    }

    @Test
    void fileIsNamedByTheTwentyDigitOffset() throws Exception {
        appendTwoProducers();

        table.writeSnapshot(dir, 8);

        assertThat(dir.resolve("00000000000000000008.snapshot")).exists();
        assertThat(dir.resolve("00000000000000000008.snapshot.tmp")).doesNotExist();
    }

    @Test
    void roundTripKeepsEachProducersEpochAndLastBatch() throws Exception {
        appendTwoProducers();
        table.writeSnapshot(dir, 8);

        List<ProducerState> read = ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, 8));

        assertThat(read)
                .containsExactly(
                        ProducerState.first(7, (short) 1, new AppendedBatch(3, 4, 3, 4, 1100)),
                        ProducerState.first(9, (short) 0, new AppendedBatch(Integer.MAX_VALUE, 1, 5, 7, 1200)));
    }

    @Test
    void kafkasSchemaReadsTheSameValuesAndCrc() throws Exception {
        appendTwoProducers();
        table.writeSnapshot(dir, 8);
        byte[] bytes = Files.readAllBytes(ProducerSnapshotFile.path(dir, 8));

        Struct struct = KAFKA_SNAPSHOT.read(ByteBuffer.wrap(bytes));

        assertThat(struct.getShort("version")).isEqualTo((short) 1);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 6, bytes.length - 6);
        assertThat(struct.get("crc")).isEqualTo(crc.getValue());
        Object[] entries = struct.getArray("producer_entries");
        assertThat(entries).hasSize(2);
        Struct second = (Struct) entries[1];
        assertThat(second.getLong("producer_id")).isEqualTo(9L);
        assertThat(second.getShort("epoch")).isEqualTo((short) 0);
        assertThat(second.getInt("last_sequence")).isEqualTo(1);
        assertThat(second.getLong("last_offset")).isEqualTo(7L);
        assertThat(second.getInt("offset_delta")).isEqualTo(2);
        assertThat(second.getLong("timestamp")).isEqualTo(1200L);
        assertThat(second.getInt("coordinator_epoch")).isEqualTo(-1);
        assertThat(second.getLong("current_txn_first_offset")).isEqualTo(-1L);
    }

    @Test
    void snapshotWrittenWithKafkasSchemaIsRead() throws Exception {
        Struct snapshot = new Struct(KAFKA_SNAPSHOT).set("version", (short) 1).set("crc", 0L);
        Struct entry = snapshot.instance("producer_entries")
                .set("producer_id", 5L)
                .set("epoch", (short) 2)
                .set("last_sequence", 19)
                .set("last_offset", 100L)
                .set("offset_delta", 9)
                .set("timestamp", 777L)
                .set("coordinator_epoch", -1)
                .set("current_txn_first_offset", -1L);
        snapshot.set("producer_entries", new Object[] {entry});
        ByteBuffer buf = ByteBuffer.allocate(snapshot.sizeOf());
        snapshot.writeTo(buf);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 6, buf.capacity() - 6);
        buf.putInt(2, (int) crc.getValue());

        List<ProducerState> read = ProducerSnapshotFile.decode(buf.array());

        assertThat(read).containsExactly(ProducerState.first(5, (short) 2, new AppendedBatch(10, 19, 91, 100, 777)));
    }

    @Test
    void flippedByteFailsTheCrcCheck() throws Exception {
        appendTwoProducers();
        table.writeSnapshot(dir, 8);
        Path file = ProducerSnapshotFile.path(dir, 8);
        byte[] bytes = Files.readAllBytes(file);
        bytes[20] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ProducerSnapshotFile.read(file))
                .isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void truncatedFileIsCorrupt() throws Exception {
        appendTwoProducers();
        table.writeSnapshot(dir, 8);
        byte[] bytes = Files.readAllBytes(ProducerSnapshotFile.path(dir, 8));

        assertThatThrownBy(() -> ProducerSnapshotFile.decode(java.util.Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOf(CorruptSnapshotException.class);
    }

    @Test
    void onlyTheTwoNewestSnapshotsAreKept() throws Exception {
        appendTwoProducers();

        for (long offset : new long[] {3, 5, 8}) table.writeSnapshot(dir, offset);

        assertThat(ProducerSnapshotFile.offsets(dir)).containsExactly(5L, 8L);
    }

    @Test
    void emptyTableWritesAReadableSnapshot() throws Exception {
        table.writeSnapshot(dir, 0);

        assertThat(ProducerSnapshotFile.read(ProducerSnapshotFile.path(dir, 0))).isEmpty();
    }
}
