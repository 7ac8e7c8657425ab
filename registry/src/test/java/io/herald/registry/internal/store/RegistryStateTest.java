package io.herald.registry.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private static SchemaRegistered schema(String subject, int version, int id, String text) {
        return new SchemaRegistered(subject, version, id, SchemaType.AVRO, List.of(), text, false);
    }

    @Test
    void sameSchemaUnderTwoSubjectsIsOneId() {
        RegistryState state = new RegistryState();
        state.apply(schema("a", 1, 1, "\"int\""));
        state.apply(schema("b", 1, 1, "\"int\""));

        assertThat(state.versionsWithId(1))
                .extracting(SchemaRegistered::subject)
                .containsExactly("a", "b");
        assertThat(state.idOf(new StoredSchema(SchemaType.AVRO, List.of(), "\"int\"")))
                .hasValue(1);
    }

    @Test
    void deleteSubjectSoftDeletesVersionsUpToItsVersionOnly() {
        RegistryState state = new RegistryState();
        state.apply(schema("a", 1, 1, "\"int\""));
        state.apply(schema("a", 2, 2, "\"long\""));
        state.apply(new RegistryRecord.SubjectSoftDeleted("a", 1));

        assertThat(state.versions("a")).extracting(SchemaRegistered::deleted).containsExactly(true, false);
    }

    @Test
    void purgingTheLastVersionOfAnIdForgetsTheIdButNotTheMaximum() {
        RegistryState state = new RegistryState();
        state.apply(schema("a", 1, 5, "\"int\""));
        state.apply(new RegistryRecord.SchemaPurged("a", 1));

        assertThat(state.schema(5)).isEmpty();
        assertThat(state.subjects()).isEmpty();
        assertThat(state.maxId()).isEqualTo(5);
    }

    @Test
    void configAndModeTombstonesClearThem() {
        RegistryState state = new RegistryState();
        state.apply(new RegistryRecord.ConfigSet(null, "FULL"));
        state.apply(new RegistryRecord.ConfigSet("a", "NONE"));
        state.apply(new RegistryRecord.ModeSet("a", "READONLY"));
        state.apply(new RegistryRecord.ConfigCleared("a"));
        state.apply(new RegistryRecord.ModeCleared("a"));

        assertThat(state.config(null)).hasValue("FULL");
        assertThat(state.config("a")).isEmpty();
        assertThat(state.mode("a")).isEmpty();
    }

    @Test
    void liveReferrersSkipSoftDeletedVersions() {
        RegistryState state = new RegistryState();
        state.apply(schema("base", 1, 1, "{}"));
        SchemaReference ref = new SchemaReference("Base", "base", 1);
        state.apply(new SchemaRegistered("user", 1, 2, SchemaType.AVRO, List.of(ref), "{}", false));
        state.apply(new SchemaRegistered("other", 1, 3, SchemaType.AVRO, List.of(ref), "{}", true));

        assertThat(state.liveReferrers("base", 1))
                .extracting(SchemaRegistered::id)
                .containsExactly(2);
    }

    /** Replaying the records through the codec gives the same state as applying them directly (what restart does). */
    @Property(tries = 200)
    void replayThroughTheCodecRebuildsTheSameState(@ForAll("records") List<RegistryRecord> records) {
        RegistryState direct = new RegistryState();
        RegistryState replayed = new RegistryState();
        for (RegistryRecord record : records) {
            direct.apply(record);
            replayed.apply(roundTrip(record));
        }
        assertThat(replayed.allVersions()).isEqualTo(direct.allVersions());
        assertThat(replayed.maxId()).isEqualTo(direct.maxId());
        assertThat(replayed.config("s0")).isEqualTo(direct.config("s0"));
    }

    private static RegistryRecord roundTrip(RegistryRecord record) {
        return switch (record) {
            case SchemaRegistered s ->
                RecordCodec.decode(RecordCodec.schemaKey(s.subject(), s.version()), RecordCodec.schemaValue(s));
            case RegistryRecord.SchemaPurged p ->
                RecordCodec.decode(RecordCodec.schemaKey(p.subject(), p.version()), null);
            case RegistryRecord.SubjectSoftDeleted d ->
                RecordCodec.decode(
                        RecordCodec.deleteSubjectKey(d.subject()),
                        RecordCodec.deleteSubjectValue(d.subject(), d.version()));
            case RegistryRecord.ConfigSet c ->
                RecordCodec.decode(RecordCodec.configKey(c.subject()), RecordCodec.configValue(c.compatibilityLevel()));
            default -> record;
        };
    }

    @Provide
    Arbitrary<List<RegistryRecord>> records() {
        Arbitrary<String> subjects = Arbitraries.of("s0", "s1", "s2");
        Arbitrary<Integer> versions = Arbitraries.integers().between(1, 4);
        Arbitrary<RegistryRecord> registered = net.jqwik.api.Combinators.combine(
                        subjects, versions, Arbitraries.integers().between(1, 6), Arbitraries.of(true, false))
                .as((s, v, id, deleted) ->
                        new SchemaRegistered(s, v, id, SchemaType.AVRO, List.of(), "\"t" + id + "\"", deleted));
        Arbitrary<RegistryRecord> purged =
                net.jqwik.api.Combinators.combine(subjects, versions).as(RegistryRecord.SchemaPurged::new);
        Arbitrary<RegistryRecord> softDeleted =
                net.jqwik.api.Combinators.combine(subjects, versions).as(RegistryRecord.SubjectSoftDeleted::new);
        Arbitrary<RegistryRecord> config =
                Arbitraries.of("FULL", "NONE").map(l -> new RegistryRecord.ConfigSet("s0", l));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, registered),
                        net.jqwik.api.Tuple.of(2, purged),
                        net.jqwik.api.Tuple.of(1, softDeleted),
                        net.jqwik.api.Tuple.of(1, config))
                .list()
                .ofMaxSize(30);
    }
}
