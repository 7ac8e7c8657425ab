package io.herald.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the benchmarks put their files: under {@code $HERALD_BENCH_DIR} (the run script sets it to
 * {@code bench/target/bench-data}), else under {@code java.io.tmpdir}. An environment variable rather than a system
 * property because JMH's forked JVMs inherit the environment. The raw-disk and the log benchmarks write to the same
 * folder, so they measure the same filesystem. A memory-backed filesystem would make every number meaningless, so
 * opening one fails.
 *
 * <p>Each benchmark makes its own folder below the root and deletes it in its tear-down; nothing is shared.
 */
final class BenchDir {
    static final String ENV = "HERALD_BENCH_DIR";
    private static final Set<String> MEMORY_FILESYSTEMS = Set.of("tmpfs", "ramfs", "devtmpfs");

    private BenchDir() {}

    /** A new, empty folder under the benchmark root, named {@code prefix} plus a unique suffix. */
    static Path create(String prefix) {
        try {
            Path root = root();
            Files.createDirectories(root);
            FileStore store = Files.getFileStore(root);
            if (MEMORY_FILESYSTEMS.contains(store.type().toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(root + " is on " + store.type() + " (" + store.name()
                        + "), which is memory, not a disk; set " + ENV + " to a folder on the disk to measure");
            }
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a benchmark folder under " + root(), e);
        }
    }

    static Path root() {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) return Path.of(System.getProperty("java.io.tmpdir"), "herald-bench");
        return Path.of(dir);
    }

    /** Deletes {@code dir} and everything in it; a missing folder is fine. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
