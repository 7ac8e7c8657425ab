package io.herald.registry.internal.store;

import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The registry's in-memory state: subjects and their versions, schemas by id, configs and modes. It changes only
 * through {@link #apply(RegistryRecord)}, so replaying {@code _schemas} from the start rebuilds it exactly, and live
 * follow is the same code path.
 *
 * <p>Thread-safety: the topic reader thread applies records under the write lock; HTTP handler threads read under the
 * read lock and get immutable values back.
 */
public final class RegistryState {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<String, NavigableMap<Integer, SchemaRegistered>> subjects = new TreeMap<>();
    private final Map<Integer, StoredSchema> schemasById = new HashMap<>();
    private final Map<Integer, Set<SubjectVersion>> versionsById = new HashMap<>();
    private final Map<StoredSchema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, RegistryRecord.ConfigSet> subjectConfigs = new HashMap<>();
    private final Map<String, String> subjectModes = new HashMap<>();
    private RegistryRecord.ConfigSet globalConfig;
    private String globalMode;
    private int maxId;

    /** A version of a subject, as a pair. */
    public record SubjectVersion(String subject, int version) {}

    /** Applies one record of the topic, in topic order. */
    public void apply(RegistryRecord record) {
        lock.writeLock().lock();
        try {
            switch (record) {
                case SchemaRegistered schema -> put(schema);
                case RegistryRecord.SchemaPurged purged -> remove(purged.subject(), purged.version());
                case RegistryRecord.SubjectSoftDeleted deleted -> softDeleteUpTo(deleted.subject(), deleted.version());
                case RegistryRecord.ConfigSet set -> {
                    if (set.subject() == null) globalConfig = set;
                    else subjectConfigs.put(set.subject(), set);
                }
                case RegistryRecord.ConfigCleared cleared -> {
                    if (cleared.subject() == null) globalConfig = null;
                    else subjectConfigs.remove(cleared.subject());
                }
                case RegistryRecord.ModeSet set -> {
                    if (set.subject() == null) globalMode = set.mode();
                    else subjectModes.put(set.subject(), set.mode());
                }
                case RegistryRecord.ModeCleared cleared -> {
                    if (cleared.subject() == null) globalMode = null;
                    else subjectModes.remove(cleared.subject());
                }
                case RegistryRecord.Ignored ignored -> {}
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void put(SchemaRegistered schema) {
        remove(schema.subject(), schema.version());
        subjects.computeIfAbsent(schema.subject(), s -> new TreeMap<>()).put(schema.version(), schema);
        StoredSchema content = StoredSchema.of(schema);
        schemasById.putIfAbsent(schema.id(), content);
        idsBySchema.putIfAbsent(content, schema.id());
        versionsById
                .computeIfAbsent(schema.id(), id -> new LinkedHashSet<>())
                .add(new SubjectVersion(schema.subject(), schema.version()));
        maxId = Math.max(maxId, schema.id());
    }

    private void remove(String subject, int version) {
        NavigableMap<Integer, SchemaRegistered> versions = subjects.get(subject);
        if (versions == null) {
            return;
        }
        SchemaRegistered old = versions.remove(version);
        if (versions.isEmpty()) {
            subjects.remove(subject);
        }
        if (old == null) {
            return;
        }
        Set<SubjectVersion> users = versionsById.get(old.id());
        users.remove(new SubjectVersion(subject, version));
        if (users.isEmpty()) {
            // the id is no longer served; maxId keeps it from being issued again
            versionsById.remove(old.id());
            StoredSchema content = schemasById.remove(old.id());
            idsBySchema.remove(content, old.id());
        }
    }

    private void softDeleteUpTo(String subject, int version) {
        NavigableMap<Integer, SchemaRegistered> versions = subjects.get(subject);
        if (versions == null) {
            return;
        }
        versions.headMap(version, true).replaceAll((v, schema) -> schema.softDeleted());
    }

    /** Every version of {@code subject}, soft-deleted ones included, oldest first; empty if none. */
    public List<SchemaRegistered> versions(String subject) {
        return read(() -> {
            NavigableMap<Integer, SchemaRegistered> versions = subjects.get(subject);
            return versions == null ? List.of() : List.copyOf(versions.values());
        });
    }

    /** Version {@code version} of {@code subject}, soft-deleted or not. */
    public Optional<SchemaRegistered> version(String subject, int version) {
        return read(() -> Optional.ofNullable(
                subjects.getOrDefault(subject, new TreeMap<>()).get(version)));
    }

    /** Every subject with at least one version (soft-deleted included), in name order. */
    public List<String> subjects() {
        return read(() -> List.copyOf(subjects.keySet()));
    }

    /** Every version of every subject, subjects in name order, versions oldest first. */
    public List<SchemaRegistered> allVersions() {
        return read(() -> {
            List<SchemaRegistered> all = new ArrayList<>();
            subjects.values().forEach(versions -> all.addAll(versions.values()));
            return List.copyOf(all);
        });
    }

    /** The schema that {@code id} stands for, while some version uses it. */
    public Optional<StoredSchema> schema(int id) {
        return read(() -> Optional.ofNullable(schemasById.get(id)));
    }

    /** The versions registered with {@code id}, soft-deleted included, in registration order. */
    public List<SchemaRegistered> versionsWithId(int id) {
        return read(() -> {
            List<SchemaRegistered> found = new ArrayList<>();
            for (SubjectVersion sv : versionsById.getOrDefault(id, Set.of())) {
                found.add(subjects.get(sv.subject()).get(sv.version()));
            }
            return List.copyOf(found);
        });
    }

    /** The id already given to this exact schema content, if any. */
    public OptionalInt idOf(StoredSchema content) {
        return read(() -> {
            Integer id = idsBySchema.get(content);
            return id == null ? OptionalInt.empty() : OptionalInt.of(id);
        });
    }

    /** The highest id ever seen in the topic (0 when empty); ids of purged schemas count, so they are not reused. */
    public int maxId() {
        return read(() -> maxId);
    }

    /** The live (not soft-deleted) versions whose references name {@code subject} version {@code version}. */
    public List<SchemaRegistered> liveReferrers(String subject, int version) {
        return read(() -> {
            List<SchemaRegistered> found = new ArrayList<>();
            for (NavigableMap<Integer, SchemaRegistered> versions : subjects.values()) {
                for (SchemaRegistered schema : versions.values()) {
                    boolean refers = schema.references().stream()
                            .anyMatch(r -> r.subject().equals(subject) && r.version() == version);
                    if (refers && !schema.deleted()) {
                        found.add(schema);
                    }
                }
            }
            return List.copyOf(found);
        });
    }

    /** The compatibility level set for {@code subject}, or for the registry when {@code subject} is null. */
    public Optional<String> config(String subject) {
        return configRecord(subject).map(RegistryRecord.ConfigSet::compatibilityLevel);
    }

    /**
     * The config record in force for {@code subject} (or for the registry when null), whatever fields it sets: a
     * config that sets only {@code normalize} exists although it sets no level.
     */
    public Optional<RegistryRecord.ConfigSet> configRecord(String subject) {
        return read(() -> Optional.ofNullable(subject == null ? globalConfig : subjectConfigs.get(subject)));
    }

    /** The mode set for {@code subject}, or for the registry when {@code subject} is null. */
    public Optional<String> mode(String subject) {
        return read(() -> Optional.ofNullable(subject == null ? globalMode : subjectModes.get(subject)));
    }

    private <T> T read(Supplier<T> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
