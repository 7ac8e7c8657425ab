package io.herald.registry.internal.service;

import io.herald.registry.internal.http.RegistryErrors;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.service.SchemaLookup.Candidate;
import io.herald.registry.internal.service.Settings.Mode;
import io.herald.registry.internal.store.RecordCodec;
import io.herald.registry.internal.store.RegistryRecord.ConfigSet;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.SchemaLog;
import io.herald.registry.internal.store.StoredSchema;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Every write of the registry: it decides against the state, appends records to {@code _schemas}, and returns once
 * the reader applied them. One write at a time ({@code lock}), so ids and versions are issued in order; only the
 * instance that the writer election ({@code isWriter}) elected writes, and it first catches up with the topic, so it
 * decides on every record any earlier writer appended.
 */
public final class RegistryWriter {

    private final RegistryState state;
    private final SchemaLog topic;
    private final SchemaLookup lookup;
    private final Settings settings;
    private final BooleanSupplier isWriter;
    private final ReentrantLock lock = new ReentrantLock();

    public RegistryWriter(
            RegistryState state, SchemaLog topic, SchemaLookup lookup, Settings settings, BooleanSupplier isWriter) {
        this.state = state;
        this.topic = topic;
        this.lookup = lookup;
        this.settings = settings;
        this.isWriter = isWriter;
    }

    /** What a registration gave: the subject's version holding the schema. */
    public record Registered(SchemaRegistered version) {}

    /**
     * Registers {@code candidate} under {@code subject}: the live version already holding it, or a new version after
     * the compatibility check, with the id this schema already has anywhere or the next one.
     *
     * @param importId the id to use in IMPORT mode, else null
     * @param importVersion the version to use in IMPORT mode, else null
     */
    public SchemaRegistered register(String subject, Candidate candidate, Integer importId, Integer importVersion) {
        lock.lock();
        try {
            prepare();
            Mode mode = settings.mode(subject);
            if (mode == Mode.READONLY || mode == Mode.READONLY_OVERRIDE) {
                throw RegistryErrors.operationNotPermitted("Subject " + subject + " is in read-only mode");
            }
            List<SchemaRegistered> versions = state.versions(subject);
            List<SchemaRegistered> live =
                    versions.stream().filter(v -> !v.deleted()).toList();
            Optional<SchemaRegistered> existing = lookup.match(candidate, live);
            if (existing.isPresent() && (importId == null || existing.get().id() == importId)) {
                return existing.get();
            }
            StoredSchema content = new StoredSchema(
                    candidate.type(), candidate.references(), candidate.parsed().canonical());
            int id;
            int version = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
            if (mode == Mode.IMPORT) {
                if (importId == null) {
                    throw RegistryErrors.operationNotPermitted(
                            "Subject " + subject + " is in import mode; a registration must give the schema's id");
                }
                Optional<StoredSchema> taken = state.schema(importId);
                if (taken.isPresent() && !taken.get().equals(content)) {
                    throw RegistryErrors.idMismatch(importId);
                }
                id = importId;
                version = importVersion != null ? importVersion : version;
            } else {
                if (importId != null
                        && state.schema(importId).map(s -> !s.equals(content)).orElse(false)) {
                    throw RegistryErrors.idMismatch(importId);
                }
                CompatibilityLevel level = settings.level(subject);
                List<String> messages = level.check(candidate.parsed(), lookup.liveParsed(subject));
                if (!messages.isEmpty()) {
                    throw RegistryErrors.incompatible(subject, messages);
                }
                id = state.idOf(content).orElse(state.maxId() + 1);
            }
            SchemaRegistered record = new SchemaRegistered(
                    subject, version, id, candidate.type(), candidate.references(), content.schema(), false);
            append(RecordCodec.schemaKey(subject, version), RecordCodec.schemaValue(record));
            return record;
        } finally {
            lock.unlock();
        }
    }

    /** Soft or permanent delete of one version; Confluent's rules on order and references. */
    public int deleteVersion(String subject, VersionSpec spec, boolean permanent) {
        lock.lock();
        try {
            prepare();
            checkWritable(subject);
            List<SchemaRegistered> versions = state.versions(subject);
            if (versions.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            SchemaRegistered version =
                    spec.pick(versions, true).orElseThrow(() -> RegistryErrors.versionNotFound(spec));
            if (!permanent && version.deleted()) {
                throw RegistryErrors.versionSoftDeleted(subject, version.version());
            }
            if (permanent && !version.deleted()) {
                throw RegistryErrors.versionNotSoftDeleted(subject, version.version());
            }
            if (!state.liveReferrers(subject, version.version()).isEmpty()) {
                throw RegistryErrors.referenceExists(subject, version.version());
            }
            byte[] key = RecordCodec.schemaKey(subject, version.version());
            append(key, permanent ? null : RecordCodec.schemaValue(version.softDeleted()));
            return version.version();
        } finally {
            lock.unlock();
        }
    }

    /** Soft or permanent delete of a subject; returns the versions deleted. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        lock.lock();
        try {
            prepare();
            checkWritable(subject);
            List<SchemaRegistered> versions = state.versions(subject);
            if (versions.isEmpty()) {
                throw RegistryErrors.subjectNotFound(subject);
            }
            List<SchemaRegistered> live =
                    versions.stream().filter(v -> !v.deleted()).toList();
            if (!permanent && live.isEmpty()) {
                throw RegistryErrors.subjectSoftDeleted(subject);
            }
            if (permanent && !live.isEmpty()) {
                throw RegistryErrors.subjectNotSoftDeleted(subject);
            }
            for (SchemaRegistered version : versions) {
                if (!state.liveReferrers(subject, version.version()).isEmpty()) {
                    throw RegistryErrors.referenceExists(subject, version.version());
                }
            }
            if (!permanent) {
                int latest = versions.getLast().version();
                append(RecordCodec.deleteSubjectKey(subject), RecordCodec.deleteSubjectValue(subject, latest));
                return live.stream().map(SchemaRegistered::version).toList();
            }
            for (SchemaRegistered version : versions) {
                append(RecordCodec.schemaKey(subject, version.version()), null);
            }
            if (state.configRecord(subject).isPresent()) {
                append(RecordCodec.configKey(subject), null);
            }
            if (state.mode(subject).isPresent()) {
                append(RecordCodec.modeKey(subject), null);
            }
            return versions.stream().map(SchemaRegistered::version).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the config of {@code subject}, or of the registry when null: the fields given replace those set, the
     * fields left null keep their value, as Confluent merges a config update.
     *
     * @return the config now in force at that scope
     */
    public ConfigSet setConfig(String subject, CompatibilityLevel level, Boolean normalize) {
        lock.lock();
        try {
            prepare();
            Optional<ConfigSet> old = state.configRecord(subject);
            String newLevel = level != null
                    ? level.name()
                    : old.map(ConfigSet::compatibilityLevel).orElse(null);
            Boolean newNormalize = normalize != null
                    ? normalize
                    : old.map(ConfigSet::normalize).orElse(null);
            append(RecordCodec.configKey(subject), RecordCodec.configValue(newLevel, newNormalize));
            return new ConfigSet(subject, newLevel, newNormalize);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the config of {@code subject} (or the registry's, when null); returns the config it had, with the
     * registry's level in place of a level it did not set.
     */
    public ConfigSet deleteConfig(String subject) {
        lock.lock();
        try {
            prepare();
            Optional<ConfigSet> old = state.configRecord(subject);
            if (subject != null && old.isEmpty()) {
                if (state.versions(subject).isEmpty()) {
                    throw RegistryErrors.subjectNotFound(subject);
                }
                throw RegistryErrors.subjectConfigNotFound(subject);
            }
            String previousLevel = old.map(ConfigSet::compatibilityLevel)
                    .orElse(settings.globalLevel().name());
            if (old.isPresent()) {
                append(RecordCodec.configKey(subject), null);
            }
            return new ConfigSet(
                    subject, previousLevel, old.map(ConfigSet::normalize).orElse(null));
        } finally {
            lock.unlock();
        }
    }

    /** Sets the mode of {@code subject}, or of the registry when null. */
    public void setMode(String subject, Mode mode, boolean force) {
        lock.lock();
        try {
            prepare();
            if (mode == Mode.IMPORT && !force) {
                boolean hasSchemas = subject == null
                        ? !state.subjects().isEmpty()
                        : !state.versions(subject).isEmpty();
                if (hasSchemas) {
                    throw RegistryErrors.operationNotPermitted(
                            "Cannot import since found existing subjects; set force=true to import anyway");
                }
            }
            append(RecordCodec.modeKey(subject), RecordCodec.modeValue(mode.name()));
        } finally {
            lock.unlock();
        }
    }

    /** Removes the mode of {@code subject} (or the registry's, when null); returns the mode it had. */
    public Mode deleteMode(String subject) {
        lock.lock();
        try {
            prepare();
            Optional<String> old = state.mode(subject);
            if (subject != null && old.isEmpty()) {
                throw RegistryErrors.subjectModeNotFound(subject);
            }
            if (old.isPresent()) {
                append(RecordCodec.modeKey(subject), null);
            }
            return old.map(Mode::valueOf).orElse(Mode.READWRITE);
        } finally {
            lock.unlock();
        }
    }

    /** Refuses the write unless this instance is the writer, then reads the topic to its end. */
    private void prepare() {
        if (!isWriter.getAsBoolean()) {
            throw RegistryErrors.notWriter();
        }
        try {
            topic.catchUp();
        } catch (TimeoutException e) {
            throw RegistryErrors.timeout(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.timeout("interrupted while catching up");
        } catch (IllegalStateException e) {
            throw RegistryErrors.storeError(e.getMessage());
        }
    }

    private void checkWritable(String subject) {
        Mode mode = settings.mode(subject);
        if (mode == Mode.READONLY || mode == Mode.READONLY_OVERRIDE) {
            throw RegistryErrors.operationNotPermitted("Subject " + subject + " is in read-only mode");
        }
    }

    private void append(byte[] key, byte[] value) {
        try {
            topic.append(key, value);
        } catch (TimeoutException e) {
            throw RegistryErrors.timeout(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.timeout("interrupted while writing");
        } catch (IllegalStateException e) {
            throw RegistryErrors.storeError(e.getMessage());
        }
    }
}
