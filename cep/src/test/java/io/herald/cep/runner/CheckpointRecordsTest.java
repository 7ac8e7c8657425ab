package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checkpoint records: chunking, and which stored checkpoint is trusted after torn writes. */
@Timeout(30)
class CheckpointRecordsTest {
    private static final String KEY =
            CheckpointRecords.commitKey("g", List.of(new TopicPartition("t", 1), new TopicPartition("t", 0)));

    @Test
    void commitKeyNamesTheGroupAndTheSortedAssignment() {
        assertThat(KEY).isEqualTo("g/t-0,t-1");
    }

    @Test
    void aLargeCheckpointIsCutInChunksUnderTheMessageLimitAndReassembled() {
        byte[] checkpoint = bytes(2 * 1024 * 1024 + 5, 1);
        List<ProducerRecord<String, byte[]>> records = CheckpointRecords.records("c", KEY, 4, checkpoint);

        assertThat(records).hasSize(4); // three chunks, then the commit record
        assertThat(records.get(3).key()).isEqualTo(KEY);
        assertThat(records.subList(0, 3))
                .allSatisfy(r -> assertThat(r.value().length).isLessThan(1024 * 1024 - 1024))
                .extracting(ProducerRecord::key)
                .containsExactly(KEY + "/slot0/0", KEY + "/slot0/1", KEY + "/slot0/2");
        CheckpointRecords.Found found = CheckpointRecords.choose(latest(records), KEY);
        assertThat(found.stored()).hasValueSatisfying(s -> {
            assertThat(s.epoch()).isEqualTo(4);
            assertThat(s.checkpoint()).isEqualTo(checkpoint);
        });
        assertThat(found.nextEpoch()).isEqualTo(5);
    }

    @Test
    void noCommitRecordMeansNoCheckpointEvenWithChunks() {
        List<ProducerRecord<String, byte[]>> records = CheckpointRecords.records("c", KEY, 0, bytes(10, 2));
        Map<String, byte[]> latest = latest(records.subList(0, records.size() - 1));

        CheckpointRecords.Found found = CheckpointRecords.choose(latest, KEY);

        assertThat(found.stored()).isEmpty();
        assertThat(found.nextEpoch()).isZero();
    }

    @Test
    void aTornWriteOfTheNextEpochLeavesTheCommittedOneInForce() {
        Map<String, byte[]> latest = latest(CheckpointRecords.records("c", KEY, 6, bytes(100, 3)));
        List<ProducerRecord<String, byte[]>> next = CheckpointRecords.records("c", KEY, 7, bytes(100, 4));
        latest.putAll(latest(next.subList(0, next.size() - 1)));

        CheckpointRecords.Found found = CheckpointRecords.choose(latest, KEY);

        assertThat(found.stored())
                .hasValueSatisfying(s -> assertThat(s.checkpoint()).isEqualTo(bytes(100, 3)));
        assertThat(found.nextEpoch()).isEqualTo(7);
    }

    @Test
    void aCommittedSlotWithAChunkOfAnotherEpochFallsBackToTheOlderSlot() {
        Map<String, byte[]> latest = latest(CheckpointRecords.records("c", KEY, 2, bytes(100, 5)));
        latest.putAll(latest(CheckpointRecords.records("c", KEY, 3, bytes(100, 6))));
        latest.put(
                KEY + "/slot1/0",
                CheckpointRecords.records("c", KEY, 9, bytes(100, 7)).get(0).value());

        CheckpointRecords.Found found = CheckpointRecords.choose(latest, KEY);

        assertThat(found.stored()).hasValueSatisfying(s -> {
            assertThat(s.epoch()).isEqualTo(2);
            assertThat(s.checkpoint()).isEqualTo(bytes(100, 5));
        });
        assertThat(found.reason()).contains("epoch 3 (slot 1) is torn");
    }

    @Test
    void aChunkWhoseBytesDoNotMatchTheCrcIsNotTrusted() {
        Map<String, byte[]> latest = latest(CheckpointRecords.records("c", KEY, 0, bytes(100, 8)));
        latest.get(KEY + "/slot0/0")[50] ^= 1;

        CheckpointRecords.Found found = CheckpointRecords.choose(latest, KEY);

        assertThat(found.stored()).isEmpty();
        assertThat(found.nextEpoch()).isEqualTo(1);
    }

    @Test
    void chunksBeyondASmallerCheckpointOfTheSameSlotAreStale() {
        List<String> present =
                List.of(KEY, KEY + "/slot0/0", KEY + "/slot0/1", KEY + "/slot0/2", KEY + "/slot1/0", KEY + "/slot1/1");

        assertThat(CheckpointRecords.staleChunkKeys(present, KEY, 0, 1))
                .containsExactly(KEY + "/slot0/1", KEY + "/slot0/2");
        assertThat(CheckpointRecords.staleChunkKeys(present, KEY, 1, 2)).isEmpty();
    }

    private static Map<String, byte[]> latest(List<ProducerRecord<String, byte[]>> records) {
        Map<String, byte[]> latest = new HashMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
