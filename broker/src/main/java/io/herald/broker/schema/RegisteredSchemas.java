package io.herald.broker.schema;

import io.herald.broker.partition.LogReplay;
import io.herald.log.PartitionLog;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which schema ids each subject has, read from the schema registry's {@code _schemas} topic in this broker: what
 * broker-side schema validation checks produced records against. It works with any registry that keeps its schemas in
 * this broker's {@code _schemas} topic (Herald's own, Confluent's, Karapace).
 *
 * <p>The log is read lazily: a lookup answers from the last snapshot, and only a miss reads the records appended since
 * (at most one catch-up per miss), so a schema registered a moment ago is found by the first record that uses it,
 * while a produce that uses known ids never touches the log. When the topic is deleted and made again, the state is
 * rebuilt from the new log.
 *
 * <p>Thread-safety: lookups read an immutable snapshot from a volatile field; catch-ups are serialised by {@code
 * lock}, which guards the mutable state they build the next snapshot from. The lock is held while the log is read
 * (page-cache reads of a small topic), never while anything waits for the network.
 */
public final class RegisteredSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredSchemas.class);

    /** Confluent's default {@code kafkastore.topic}. */
    public static final String TOPIC = "_schemas";

    /** A schema's type ({@code AVRO}, {@code JSON}, {@code PROTOBUF}) and text. */
    public record Schema(String type, String text) {}

    private record Snapshot(Map<String, Set<Integer>> idsBySubject, Map<Integer, Schema> byId) {}

    private final Supplier<PartitionLog> schemasLog;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    // guarded by lock
    private PartitionLog followed;
    private long nextOffset;
    private final Map<String, Map<Integer, Integer>> idByVersionBySubject = new HashMap<>();
    private final Map<Integer, Schema> byId = new HashMap<>();

    /** @param schemasLog partition 0 of {@value #TOPIC}, or null while the topic does not exist */
    public RegisteredSchemas(Supplier<PartitionLog> schemasLog) {
        this.schemasLog = schemasLog;
    }

    /** Whether {@code id} is a version of {@code subject}, soft-deleted versions included. */
    public boolean isRegistered(String subject, int id) {
        if (registeredIn(snapshot, subject, id)) return true;
        return registeredIn(catchUp(), subject, id);
    }

    /** The schema with {@code id}, or null when no subject has it. */
    public Schema schema(int id) {
        Schema schema = snapshot.byId.get(id);
        return schema != null ? schema : catchUp().byId.get(id);
    }

    private static boolean registeredIn(Snapshot s, String subject, int id) {
        Set<Integer> ids = s.idsBySubject.get(subject);
        return ids != null && ids.contains(id);
    }

    /** Applies the records appended since the last catch-up and publishes the new snapshot. */
    private Snapshot catchUp() {
        lock.lock();
        try {
            PartitionLog log = schemasLog.get();
            boolean changed = false;
            if (log != followed) {
                followed = log;
                nextOffset = 0;
                idByVersionBySubject.clear();
                byId.clear();
                changed = true;
            }
            if (log != null && log.highWatermark() > nextOffset) {
                nextOffset = LogReplay.forEachRecord(log, nextOffset, record -> {
                    try {
                        apply(SchemasTopicRecord.parse(record.key(), record.value()));
                    } catch (SchemasTopicRecord.MalformedSchemasRecord e) {
                        LOG.warn("skipping record {} of {}: {}", record.offset(), TOPIC, e.getMessage());
                    }
                });
                changed = true;
            }
            return changed ? publish() : snapshot;
        } finally {
            lock.unlock();
        }
    }

    private void apply(SchemasTopicRecord record) {
        switch (record) {
            case SchemasTopicRecord.SchemaVersion v -> {
                idByVersionBySubject
                        .computeIfAbsent(v.subject(), s -> new HashMap<>())
                        .put(v.version(), v.id());
                byId.put(v.id(), new Schema(v.schemaType(), v.schema()));
            }
            case SchemasTopicRecord.VersionRemoved r -> {
                Map<Integer, Integer> versions = idByVersionBySubject.get(r.subject());
                if (versions != null) versions.remove(r.version());
            }
            case SchemasTopicRecord.Ignored ignored -> {}
        }
    }

    private Snapshot publish() {
        Map<String, Set<Integer>> ids = new HashMap<>();
        idByVersionBySubject.forEach((subject, versions) -> ids.put(subject, Set.copyOf(versions.values())));
        Snapshot next = new Snapshot(Map.copyOf(ids), Map.copyOf(byId));
        snapshot = next;
        return next;
    }
}
