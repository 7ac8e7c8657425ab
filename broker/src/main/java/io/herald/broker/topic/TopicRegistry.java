package io.herald.broker.topic;

import io.herald.broker.partition.AppendSignal;
import io.herald.broker.partition.Partition;
import io.herald.broker.schema.RegisteredSchemas;
import io.herald.broker.schema.SchemaIdValidator;
import io.herald.log.FlushScheduler;
import io.herald.log.LogMaintenanceLoop;
import io.herald.log.PartitionLog;
import io.herald.log.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of this broker: creates, deletes and changes them, persists them in the {@link MetadataLog}, and opens
 * their partition logs. A topic's id is drawn once at creation and kept forever, so that clients using topic ids
 * (Produce 13, Fetch 13+) work; a topic deleted and created again gets a new id, as in Kafka.
 *
 * <p><b>Files.</b> Partition {@code p} of topic {@code t} lives in {@code <data dir>/t-p}, Kafka's layout. A deleted
 * topic's directories are renamed to {@code t-p.<id>-delete} once its tombstone is on disk, then removed; a crash in
 * between leaves only {@code -delete} directories, which the next start removes.
 *
 * <p><b>Thread-safety.</b> Lookups read a concurrent map without locking. Changes (create, delete, add partitions,
 * alter configs) are serialised by {@code adminLock}, held across the metadata log write so that a check and the
 * change it guards are atomic; they are rare, and no produce or fetch takes that lock.
 */
public final class TopicRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);
    private static final String DELETE_SUFFIX = "-delete";

    private final Path dataDir;
    private final Map<String, String> brokerDefaults;
    private final long producerIdExpirationMs;
    private final FlushScheduler flusher;
    private final LogMaintenanceLoop maintenance;
    private final AppendSignal signal;
    private final Clock clock;
    private final MetadataLog metadata;
    private final ConcurrentHashMap<String, Topic> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Uuid, Topic> byId = new ConcurrentHashMap<>();
    private final ReentrantLock adminLock = new ReentrantLock();
    private final SchemaIdValidator schemaIds = new SchemaIdValidator(new RegisteredSchemas(() -> {
        Partition schemas = partition(new TopicPartition(RegisteredSchemas.TOPIC, 0));
        return schemas == null ? null : schemas.log();
    }));

    private TopicRegistry(
            Path dataDir,
            Map<String, String> brokerDefaults,
            long producerIdExpirationMs,
            FlushScheduler flusher,
            LogMaintenanceLoop maintenance,
            AppendSignal signal,
            Clock clock,
            MetadataLog metadata) {
        this.dataDir = dataDir;
        this.brokerDefaults = Map.copyOf(brokerDefaults);
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.flusher = flusher;
        this.maintenance = maintenance;
        this.signal = signal;
        this.clock = clock;
        this.metadata = metadata;
    }

    /** Opens the metadata log in {@code dataDir}, replays it and opens every topic's partitions. */
    public static TopicRegistry open(
            Path dataDir,
            Map<String, String> brokerDefaults,
            long producerIdExpirationMs,
            FlushScheduler flusher,
            LogMaintenanceLoop maintenance,
            AppendSignal signal,
            Clock clock) {
        removeDeletedDirs(dataDir);
        MetadataLog metadata = MetadataLog.open(dataDir, flusher, clock);
        TopicRegistry registry = new TopicRegistry(
                dataDir, brokerDefaults, producerIdExpirationMs, flusher, maintenance, signal, clock, metadata);
        maintenance.register(metadata.log());
        for (TopicRecord record : metadata.replay().values()) {
            TopicConfig config = TopicConfig.of(record.configs(), brokerDefaults);
            List<Partition> partitions = new ArrayList<>();
            for (int p = 0; p < record.partitions(); p++)
                partitions.add(registry.openPartition(record.name(), p, config));
            registry.put(new Topic(record.name(), record.id(), partitions, config));
        }
        registry.removeOrphanDirs();
        return registry;
    }

    public Topic topic(String name) {
        return byName.get(name);
    }

    public Topic topic(Uuid id) {
        return byId.get(id);
    }

    public Collection<Topic> topics() {
        return byName.values();
    }

    /** The partition, or null when the topic or the partition does not exist. */
    public Partition partition(TopicPartition tp) {
        Topic topic = byName.get(tp.topic());
        return topic == null ? null : topic.partition(tp.partition());
    }

    public Map<String, String> brokerDefaults() {
        return brokerDefaults;
    }

    /**
     * Creates a topic, or with {@code validateOnly} only checks that it could be created. {@code replicationFactor}
     * must be 1 or -1 (the default): there is one node.
     */
    public Topic create(
            String name, int partitions, short replicationFactor, Map<String, String> configs, boolean validateOnly) {
        validateName(name);
        if (partitions < 1) {
            throw new InvalidPartitionsException("number of partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor != 1 && replicationFactor != -1) {
            throw new InvalidReplicationFactorException(
                    "replication factor must be 1, was " + replicationFactor + "; a Herald broker is a single node");
        }
        TopicConfig config = TopicConfig.of(configs, brokerDefaults);
        adminLock.lock();
        try {
            if (byName.containsKey(name)) throw new TopicExistsException("topic " + name + " already exists");
            for (String existing : byName.keySet()) {
                if (org.apache.kafka.common.internals.Topic.hasCollision(name, existing)) {
                    throw new InvalidTopicException("topic " + name + " collides with existing topic " + existing
                            + " ('.' and '_' are the same in metric names); choose another name");
                }
            }
            if (validateOnly) return new Topic(name, Uuid.ZERO_UUID, List.of(), config);
            Uuid id = Uuid.randomUuid();
            metadata.write(new TopicRecord(name, id, partitions, config.overrides()));
            List<Partition> opened = new ArrayList<>();
            for (int p = 0; p < partitions; p++) opened.add(openPartition(name, p, config));
            Topic topic = new Topic(name, id, opened, config);
            put(topic);
            LOG.info("created topic {} with {} partitions, id {}", name, partitions, id);
            return topic;
        } finally {
            adminLock.unlock();
        }
    }

    /** Deletes a topic and its data. */
    public void delete(String name) {
        adminLock.lock();
        try {
            Topic topic = existing(name);
            if (topic.isInternal()) {
                throw new InvalidTopicException(
                        "topic " + name + " is internal to the broker (committed offsets) and cannot be deleted");
            }
            metadata.writeDeleted(name);
            byName.remove(name);
            byId.remove(topic.id());
            for (Partition partition : topic.partitions()) {
                maintenance.unregister(partition.log());
                partition.close();
                removeDir(partition.log().dir(), topic.id());
            }
            LOG.info("deleted topic {}", name);
        } finally {
            adminLock.unlock();
        }
    }

    /** Raises the partition count of a topic to {@code count}. */
    public Topic addPartitions(String name, int count, boolean validateOnly) {
        adminLock.lock();
        try {
            Topic topic = existing(name);
            if (count <= topic.partitionCount()) {
                throw new InvalidPartitionsException("topic " + name + " has " + topic.partitionCount()
                        + " partitions; the new count must be larger, was " + count);
            }
            if (validateOnly) return topic;
            metadata.write(
                    new TopicRecord(name, topic.id(), count, topic.config().overrides()));
            List<Partition> partitions = new ArrayList<>(topic.partitions());
            for (int p = topic.partitionCount(); p < count; p++) partitions.add(openPartition(name, p, topic.config()));
            Topic grown = new Topic(name, topic.id(), partitions, topic.config());
            put(grown);
            return grown;
        } finally {
            adminLock.unlock();
        }
    }

    /** Replaces a topic's config overrides with {@code overrides}, applied to its partitions at once. */
    public Topic alterConfigs(String name, Map<String, String> overrides, boolean validateOnly) {
        adminLock.lock();
        try {
            Topic topic = existing(name);
            TopicConfig config = topic.config().withOverrides(overrides);
            if (validateOnly) return topic;
            metadata.write(new TopicRecord(name, topic.id(), topic.partitionCount(), config.overrides()));
            for (Partition partition : topic.partitions()) partition.updateConfig(config);
            Topic altered = new Topic(name, topic.id(), topic.partitions(), config);
            put(altered);
            return altered;
        } finally {
            adminLock.unlock();
        }
    }

    private Topic existing(String name) {
        Topic topic = byName.get(name);
        if (topic == null) throw new UnknownTopicOrPartitionException("topic " + name + " does not exist");
        return topic;
    }

    private void put(Topic topic) {
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
    }

    private static void validateName(String name) {
        try {
            org.apache.kafka.common.internals.Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new InvalidTopicException(e.getMessage() + "; topic names use [a-zA-Z0-9._-], up to 249 chars");
        }
        if (name.startsWith("__herald")) {
            throw new InvalidTopicException("topic names starting with __herald are reserved for Herald, was " + name);
        }
    }

    private Partition openPartition(String topic, int index, TopicConfig config) {
        TopicPartition tp = new TopicPartition(topic, index);
        PartitionLog log = PartitionLog.open(dataDir.resolve(tp.toString()), config.logConfig(), flusher, clock);
        Partition partition = Partition.open(tp, log, config, producerIdExpirationMs, schemaIds, signal, clock);
        maintenance.register(log);
        return partition;
    }

    private void removeDir(Path dir, Uuid id) {
        Path renamed = dir.resolveSibling(dir.getFileName() + "." + id + DELETE_SUFFIX);
        try {
            Files.move(dir, renamed);
            deleteRecursively(renamed);
        } catch (IOException e) {
            LOG.warn("could not remove {} of a deleted topic; the next start removes it: {}", dir, e.toString());
        }
    }

    /**
     * Removes partition directories of topics the metadata log does not know: a crash after a deletion's tombstone
     * and before its directories were renamed leaves them, and a topic created again under that name must start empty.
     */
    private void removeOrphanDirs() {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                int dash = name.lastIndexOf('-');
                if (dash <= 0
                        || name.equals(MetadataLog.DIR_NAME)
                        || !name.substring(dash + 1).matches("\\d+")) {
                    continue;
                }
                Topic topic = byName.get(name.substring(0, dash));
                int index = Integer.parseInt(name.substring(dash + 1));
                if (topic == null || index >= topic.partitionCount()) {
                    LOG.warn("removing {}: no topic owns it (left by a deletion a crash interrupted)", dir);
                    removeDir(dir, Uuid.randomUuid());
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void removeDeletedDirs(Path dataDir) {
        if (!Files.isDirectory(dataDir)) return;
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().endsWith(DELETE_SUFFIX))
                    .toList()) {
                deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new StorageException("cannot list " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    @Override
    public void close() {
        for (Topic topic : byName.values()) {
            for (Partition partition : topic.partitions()) {
                try {
                    partition.close();
                } catch (RuntimeException e) {
                    LOG.error("closing {} failed", partition, e);
                }
            }
        }
        metadata.close();
    }
}
