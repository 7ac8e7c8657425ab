package io.herald.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdAllocatorTest {
    @TempDir
    Path dataDir;

    private static List<Long> take(ProducerIdAllocator allocator, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(allocator.nextProducerId());
        return ids;
    }

    private String checkpoint() throws IOException {
        return Files.readString(dataDir.resolve(ProducerIdAllocator.FILE)).trim();
    }

    @Test
    void newDataDirectoryStartsAtZeroAndCounts() throws Exception {
        ProducerIdAllocator allocator = ProducerIdAllocator.open(dataDir);

        assertThat(take(allocator, 3)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void blockIsCheckpointedBeforeItsFirstIdIsHandedOut() throws Exception {
        ProducerIdAllocator allocator = ProducerIdAllocator.open(dataDir);

        allocator.nextProducerId();

        assertThat(checkpoint()).isEqualTo("1000");
    }

    @Test
    void nextBlockIsCheckpointedWhenTheFirstIsUsedUp() throws Exception {
        ProducerIdAllocator allocator = ProducerIdAllocator.open(dataDir);

        List<Long> ids = take(allocator, ProducerIdAllocator.BLOCK_SIZE + 1);

        assertThat(ids.getLast()).isEqualTo(1000L);
        assertThat(checkpoint()).isEqualTo("2000");
    }

    @Test
    void reopenContinuesAfterTheCheckpointedBlock() throws Exception {
        take(ProducerIdAllocator.open(dataDir), 10);

        ProducerIdAllocator reopened = ProducerIdAllocator.open(dataDir);

        assertThat(reopened.nextProducerId()).isEqualTo(1000L);
    }

    @Test
    void noIdIsHandedOutTwiceAcrossCrashesAndReopens() throws Exception {
        Set<Long> seen = new HashSet<>();
        // An allocator is dropped without any shutdown step, as kill -9 would leave it, at varied points of a block.
        for (int count : new int[] {1, 999, 1000, 1001, 2500, 7}) {
            for (long id : take(ProducerIdAllocator.open(dataDir), count)) {
                assertThat(seen.add(id)).as("id %d handed out twice", id).isTrue();
            }
        }
    }

    @Test
    @Timeout(30)
    void concurrentCallersGetDistinctIds() throws Exception {
        ProducerIdAllocator allocator = ProducerIdAllocator.open(dataDir);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) ids.add(allocator.nextProducerId());
                }));
            }
            for (Future<?> f : futures) f.get();
        }

        assertThat(ids).hasSize(4000);
        assertThat(ids).allMatch(id -> id >= 0 && id < 4000);
    }

    @Test
    void garbledCheckpointFailsTheOpenNamingTheFileAndTheFix() throws Exception {
        Files.writeString(dataDir.resolve(ProducerIdAllocator.FILE), "twelve\n");

        assertThatThrownBy(() -> ProducerIdAllocator.open(dataDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(ProducerIdAllocator.FILE)
                .hasMessageContaining("'twelve'")
                .hasMessageContaining("restore it from a backup");
    }

    @Test
    void leftoverTempFileOfACrashedCheckpointIsIgnoredAndDeleted() throws Exception {
        take(ProducerIdAllocator.open(dataDir), 1);
        Path tmp = dataDir.resolve(ProducerIdAllocator.FILE + ".tmp");
        Files.writeString(tmp, "2000\n");

        ProducerIdAllocator reopened = ProducerIdAllocator.open(dataDir);

        assertThat(tmp).doesNotExist();
        assertThat(reopened.nextProducerId()).isEqualTo(1000L);
    }
}
