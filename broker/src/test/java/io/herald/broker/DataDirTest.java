package io.herald.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.log.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryInUseByAnotherBrokerOfTheSameProcessIsRefusedWithTheFix() {
        try (DataDir first = DataDir.open(dir, 1)) {
            assertThatThrownBy(() -> DataDir.open(dir, 1))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("is in use by another broker");
        }
    }

    @Test
    void theClusterIdIsKeptAcrossOpens() {
        String clusterId;
        try (DataDir first = DataDir.open(dir, 1)) {
            clusterId = first.clusterId();
        }
        try (DataDir again = DataDir.open(dir, 1)) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
        }
    }

    @Test
    void aDirectoryOfAnotherNodeIdIsRefused() {
        DataDir.open(dir, 1).close();

        assertThatThrownBy(() -> DataDir.open(dir, 2)).hasMessageContaining("set node.id=1");
    }
}
