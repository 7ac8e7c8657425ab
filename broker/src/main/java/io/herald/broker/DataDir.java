package io.herald.broker;

import io.herald.log.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * The broker's data directory: locks it so that two brokers never share one ({@code .lock}, as Kafka does), and keeps
 * the broker's identity in {@code meta.properties} in Kafka's format ({@code version=1}, {@code cluster.id}, {@code
 * node.id}, {@code directory.id}), generated on the first start. A data directory written by another node id is
 * refused rather than silently taken over.
 *
 * <p>Thread-safety: created once at start, closed once at shutdown.
 */
final class DataDir implements AutoCloseable {
    private static final String META_PROPERTIES = "meta.properties";

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final String clusterId;

    private DataDir(Path dir, FileChannel lockFile, FileLock lock, String clusterId) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
        this.clusterId = clusterId;
    }

    static DataDir open(Path dir, int nodeId) {
        try {
            Files.createDirectories(dir);
            FileChannel lockFile =
                    FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another broker in this JVM
            }
            if (lock == null) {
                lockFile.close();
                throw new StorageException("data directory " + dir.toAbsolutePath() + " is in use by another broker;"
                        + " stop it or choose another directory with --data-dir");
            }
            try {
                return new DataDir(dir, lockFile, lock, loadOrCreateClusterId(dir, nodeId));
            } catch (RuntimeException e) {
                lockFile.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StorageException("cannot open data directory " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    private static String loadOrCreateClusterId(Path dir, int nodeId) throws IOException {
        Path file = dir.resolve(META_PROPERTIES);
        Properties meta = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                meta.load(in);
            }
            String stored = meta.getProperty("node.id");
            if (stored != null && !stored.equals(Integer.toString(nodeId))) {
                throw new StorageException(file.toAbsolutePath() + " belongs to node.id=" + stored
                        + ", but this broker is node.id=" + nodeId + "; set node.id=" + stored
                        + " or use another data directory");
            }
            String clusterId = meta.getProperty("cluster.id");
            if (clusterId == null || clusterId.isBlank()) {
                throw new StorageException(file.toAbsolutePath() + " has no cluster.id; restore it or remove the file");
            }
            return clusterId;
        }
        meta.setProperty("version", "1");
        meta.setProperty("cluster.id", Uuid.randomUuid().toString());
        meta.setProperty("node.id", Integer.toString(nodeId));
        meta.setProperty("directory.id", Uuid.randomUuid().toString());
        Path tmp = dir.resolve(META_PROPERTIES + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            meta.store(out, "written by Herald on the first start of this data directory");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return meta.getProperty("cluster.id");
    }

    Path path() {
        return dir;
    }

    String clusterId() {
        return clusterId;
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            throw new StorageException("cannot release the lock of " + dir + ": " + e, e);
        }
    }
}
