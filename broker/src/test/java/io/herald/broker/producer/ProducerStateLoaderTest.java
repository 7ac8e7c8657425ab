package io.herald.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateLoaderTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    /** The loader warns about each corrupt snapshot it skips; here that is the expected outcome. */
    private static final Logger LOADER_LOGGER = Logger.getLogger(ProducerStateLoader.class.getName());

    static {
        LOADER_LOGGER.setLevel(Level.SEVERE);
    }

    @TempDir
    Path dir;

    private ProducingPartition partition;

    @BeforeEach
    void open() {
        partition = new ProducingPartition(dir, NOW_MS);
    }

    @AfterEach
    void close() {
        partition.close();
    }

    /** Producer 1: epoch 0 seq 0..5, then epoch 1 seq 0..3; producer 2: seq 0..6 in 7 batches. Offsets 0..16. */
    private void produceHistory() {
        for (int seq = 0; seq < 6; seq += 2) partition.produce(1, 0, seq, 2);
        for (int seq = 0; seq < 7; seq++) partition.produce(2, 0, seq, 1);
        partition.produce(1, 1, 0, 4);
    }

    private ProducerState stateOf(long producerId) {
        return partition.table.state(producerId).orElseThrow();
    }

    @Test
    void replayOfTheWholeLogRebuildsTheLiveTableExactly() throws Exception {
        produceHistory();
        ProducerState live1 = stateOf(1);
        ProducerState live2 = stateOf(2);

        partition.restart();

        assertThat(stateOf(1)).isEqualTo(live1);
        assertThat(stateOf(2)).isEqualTo(live2);
        assertThat(stateOf(2).batches()).hasSize(ProducerStateTable.NUM_BATCHES_TO_RETAIN);
    }

    @Test
    void snapshotPlusReplayRebuildsTheActiveProducers() throws Exception {
        for (int seq = 0; seq < 6; seq += 2) partition.produce(1, 0, seq, 2);
        partition.snapshot();
        for (int seq = 0; seq < 7; seq++) partition.produce(2, 0, seq, 1);
        partition.produce(1, 1, 0, 4);
        List<ActiveProducer> live = partition.table.activeProducers();

        partition.restart();

        assertThat(partition.table.activeProducers()).isEqualTo(live);
    }

    @Test
    void retryOfTheLastBatchIsADuplicateAfterReloadingASnapshot() throws Exception {
        partition.produce(1, 0, 0, 3);
        partition.produce(1, 0, 3, 2); // offsets 3..4
        partition.snapshot();

        partition.restart();

        assertThat(partition.produce(1, 0, 3, 2)).isEqualTo(new SequenceCheck.Duplicate(3, 4, NOW_MS));
        assertThat(partition.log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void onlyTheLastBatchSurvivesASnapshotSoAnOlderRetryIsOutOfOrder() throws Exception {
        partition.produce(1, 0, 0, 3);
        partition.produce(1, 0, 3, 2);
        partition.snapshot();

        partition.restart();

        assertThat(partition.produce(1, 0, 0, 3)).isInstanceOf(SequenceCheck.Reject.class);
    }

    @Test
    void nextInOrderBatchIsAcceptedAfterReload() throws Exception {
        produceHistory();

        partition.restart();

        assertThat(partition.produce(1, 1, 4, 1)).isEqualTo(SequenceCheck.ACCEPT);
        assertThat(partition.produce(2, 0, 7, 1)).isEqualTo(SequenceCheck.ACCEPT);
    }

    @Test
    void corruptNewestSnapshotIsDeletedAndTheOlderOneUsed() throws Exception {
        partition.produce(1, 0, 0, 2);
        partition.snapshot(); // at 2
        partition.produce(1, 0, 2, 2);
        partition.snapshot(); // at 4
        partition.produce(2, 0, 0, 1);
        List<ActiveProducer> live = partition.table.activeProducers();
        Path newest = ProducerSnapshotFile.path(dir, 4);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x5a;
        Files.write(newest, bytes);

        partition.restart();

        assertThat(partition.table.activeProducers()).isEqualTo(live);
        assertThat(ProducerSnapshotFile.offsets(dir)).containsExactly(2L);
    }

    @Test
    void snapshotAboveTheLogEndOffsetIsDeleted() throws Exception {
        partition.produce(1, 0, 0, 2);
        partition.table.writeSnapshot(dir, 50); // as if a crash cut the log after the snapshot was written
        List<ActiveProducer> live = partition.table.activeProducers();

        partition.restart();

        assertThat(ProducerSnapshotFile.offsets(dir)).isEmpty();
        assertThat(partition.table.activeProducers()).isEqualTo(live);
    }

    @Test
    void leftoverTempSnapshotIsDeleted() throws Exception {
        Path tmp = dir.resolve("00000000000000000003.snapshot.tmp");
        Files.write(tmp, new byte[] {1, 2, 3});

        partition.restart();

        assertThat(tmp).doesNotExist();
    }

    @Test
    void producersIdleLongerThanTheExpirationAreDroppedOnLoad() throws Exception {
        produceHistory();
        partition.snapshot();

        partition.restart(NOW_MS + ProducingPartition.EXPIRATION_MS);

        assertThat(partition.table.activeProducers()).isEmpty();
    }

    @Test
    void producersBelowTheLogStartOffsetAreDroppedOnLoad() throws Exception {
        partition.produce(1, 0, 0, 2); // offsets 0..1
        partition.snapshot();
        partition.produce(2, 0, 0, 2); // offsets 2..3
        partition.log.deleteRecordsBefore(3);

        partition.restart();

        assertThat(partition.table.activeProducers())
                .extracting(ActiveProducer::producerId)
                .containsExactly(2L);
    }

    @Test
    void emptyLogLoadsAnEmptyTable() throws Exception {
        partition.restart();

        assertThat(partition.table.activeProducers()).isEmpty();
    }
}
