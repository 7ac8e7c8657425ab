package io.herald.registry.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.http.RegistryException;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.service.SchemaLookup.Candidate;
import io.herald.registry.internal.store.RecordCodec;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.SchemaLog;
import io.herald.registry.internal.store.StoredSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random registrations, deletes and config changes through {@link RegistryWriter} on an in-memory log: every answer
 * is one of Confluent's expected refusals or a registration that keeps ids and contents one-to-one, and replaying the
 * log, whole or compacted as Kafka would (with or without its tombstones), rebuilds the same state.
 */
class RegistryWriterPropertyTest {

    private static final List<String> SUBJECTS = List.of("s0", "s1", "s2");
    private static final List<String> SCHEMAS = List.of(
            "\"int\"",
            "\"long\"",
            "\"string\"",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
                    + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
    private static final Set<Integer> EXPECTED_REFUSALS = Set.of(409, 40401, 40402, 40404, 40405, 40406, 40407);

    /** A log in memory: appends apply at once, as the topic reader would. */
    static final class InMemoryLog implements SchemaLog {
        record Entry(byte[] key, byte[] value) {}

        final List<Entry> entries = new ArrayList<>();
        private final RegistryState state;

        InMemoryLog(RegistryState state) {
            this.state = state;
        }

        @Override
        public long append(byte[] key, byte[] value) {
            entries.add(new Entry(key, value));
            state.apply(RecordCodec.decode(key, value));
            return entries.size() - 1;
        }

        @Override
        public void catchUp() {}

        /** What compaction leaves: the last record of each key, in log order; tombstones kept or dropped. */
        List<Entry> compacted(boolean keepTombstones) {
            Map<String, Integer> last = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                last.put(new String(entries.get(i).key(), StandardCharsets.UTF_8), i);
            }
            List<Entry> kept = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                boolean latest = last.get(new String(entry.key(), StandardCharsets.UTF_8)) == i;
                if (latest && (keepTombstones || entry.value() != null)) {
                    kept.add(entry);
                }
            }
            return kept;
        }
    }

    sealed interface Op {
        record Register(int subject, int schema) implements Op {}

        record DeleteVersion(int subject, String version, boolean permanent) implements Op {}

        record DeleteSubject(int subject, boolean permanent) implements Op {}

        /** {@code level} or {@code normalize} may be null: the config keeps what it had there. */
        record SetConfig(int subject, CompatibilityLevel level, Boolean normalize) implements Op {}
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> subject = Arbitraries.integers().between(0, SUBJECTS.size() - 1);
        Arbitrary<Op> register = Combinators.combine(
                        subject, Arbitraries.integers().between(0, SCHEMAS.size() - 1))
                .as(Op.Register::new);
        Arbitrary<Op> deleteVersion = Combinators.combine(
                        subject, Arbitraries.of("latest", "1", "2", "3"), Arbitraries.of(true, false))
                .as(Op.DeleteVersion::new);
        Arbitrary<Op> deleteSubject =
                Combinators.combine(subject, Arbitraries.of(true, false)).as(Op.DeleteSubject::new);
        Arbitrary<Op> setConfig = Combinators.combine(
                        subject,
                        Arbitraries.of(CompatibilityLevel.NONE, CompatibilityLevel.BACKWARD)
                                .injectNull(0.3),
                        Arbitraries.of(true, false).injectNull(0.5))
                .as(Op.SetConfig::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, register),
                        net.jqwik.api.Tuple.of(2, deleteVersion),
                        net.jqwik.api.Tuple.of(1, deleteSubject),
                        net.jqwik.api.Tuple.of(1, setConfig))
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 300)
    void writesKeepIdsOneToOneAndReplayRebuildsTheState(@ForAll("operations") List<Op> operations) {
        RegistryState state = new RegistryState();
        InMemoryLog log = new InMemoryLog(state);
        SchemaLookup lookup = new SchemaLookup(state);
        RegistryWriter writer =
                new RegistryWriter(state, log, lookup, new Settings(state, CompatibilityLevel.BACKWARD), () -> true);

        for (Op op : operations) {
            try {
                run(op, state, lookup, writer);
            } catch (RegistryException e) {
                assertThat(EXPECTED_REFUSALS)
                        .as("%s answered %s", op, e.getMessage())
                        .contains(e.errorCode());
            }
            assertNoDuplicateLiveVersions(state);
        }

        assertSameState(replay(log.entries), state, true);
        // once compacted, the highest id may be gone with the records of a purged schema (a tombstone has no id):
        // the README says so; everything else is the same
        assertSameState(replay(log.compacted(true)), state, false);
        assertSameState(replay(log.compacted(false)), state, false);
    }

    private static void run(Op op, RegistryState state, SchemaLookup lookup, RegistryWriter writer) {
        switch (op) {
            case Op.Register r -> {
                Candidate candidate = lookup.parse(null, SCHEMAS.get(r.schema()), List.of(), false);
                StoredSchema content = new StoredSchema(
                        candidate.type(), List.of(), candidate.parsed().canonical());
                var known = state.idOf(content);
                int maxIdBefore = state.maxId();
                SchemaRegistered registered = writer.register(SUBJECTS.get(r.subject()), candidate, null, null);
                if (known.isPresent()) {
                    assertThat(registered.id())
                            .as("the id this content already has")
                            .isEqualTo(known.getAsInt());
                } else {
                    assertThat(registered.id())
                            .as("a new content gets the next id")
                            .isEqualTo(maxIdBefore + 1);
                }
                assertThat(state.version(registered.subject(), registered.version()))
                        .contains(registered);
            }
            case Op.DeleteVersion d ->
                writer.deleteVersion(SUBJECTS.get(d.subject()), VersionSpec.parse(d.version()), d.permanent());
            case Op.DeleteSubject d -> writer.deleteSubject(SUBJECTS.get(d.subject()), d.permanent());
            case Op.SetConfig c -> writer.setConfig(SUBJECTS.get(c.subject()), c.level(), c.normalize());
        }
    }

    private static void assertNoDuplicateLiveVersions(RegistryState state) {
        for (String subject : state.subjects()) {
            Set<StoredSchema> live = new HashSet<>();
            for (SchemaRegistered version : state.versions(subject)) {
                if (!version.deleted()) {
                    assertThat(live.add(StoredSchema.of(version)))
                            .as("two live versions of %s hold %s", subject, version.schema())
                            .isTrue();
                }
            }
        }
        Map<StoredSchema, Integer> ids = new HashMap<>();
        for (SchemaRegistered version : state.allVersions()) {
            Integer other = ids.putIfAbsent(StoredSchema.of(version), version.id());
            assertThat(other == null || other == version.id())
                    .as("one content, one id: %s", version)
                    .isTrue();
        }
    }

    private static RegistryState replay(List<InMemoryLog.Entry> entries) {
        RegistryState state = new RegistryState();
        for (InMemoryLog.Entry entry : entries) {
            state.apply(RecordCodec.decode(entry.key(), entry.value()));
        }
        return state;
    }

    private static void assertSameState(RegistryState replayed, RegistryState original, boolean sameMaxId) {
        assertThat(replayed.allVersions()).isEqualTo(original.allVersions());
        for (String subject : SUBJECTS) {
            assertThat(replayed.configRecord(subject)).isEqualTo(original.configRecord(subject));
        }
        if (sameMaxId) {
            assertThat(replayed.maxId()).isEqualTo(original.maxId());
        }
    }
}
