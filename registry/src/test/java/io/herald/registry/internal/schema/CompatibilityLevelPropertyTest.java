package io.herald.registry.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Properties of the compatibility levels on generated Avro record schemas: BACKWARD(a, b) == FORWARD(b, a), FULL is
 * both, and Avro's answer agrees with a small reference model of Avro's resolution rules for these field types.
 */
class CompatibilityLevelPropertyTest {

    /** A field of a generated record: a name, an Avro type (JSON), and whether it has a default. */
    record Field(String name, String type, boolean hasDefault) {
        String json() {
            String defaultValue = switch (type) {
                case "\"int\"", "\"long\"" -> "0";
                case "\"float\"", "\"double\"" -> "0.0";
                case "\"string\"", "\"bytes\"" -> "\"\"";
                case "\"boolean\"" -> "false";
                default -> "null"; // ["null","string"]: the default is the first branch's
            };
            return "{\"name\":\"" + name + "\",\"type\":" + type + (hasDefault ? ",\"default\":" + defaultValue : "")
                    + "}";
        }
    }

    private static final List<String> TYPES = List.of(
            "\"int\"",
            "\"long\"",
            "\"float\"",
            "\"double\"",
            "\"string\"",
            "\"bytes\"",
            "\"boolean\"",
            "[\"null\",\"string\"]");

    /** Which writer types each reader type can read (Avro's promotions; a union reads any branch's type). */
    private static final Map<String, Set<String>> READS = Map.of(
            "\"int\"", Set.of("\"int\""),
            "\"long\"", Set.of("\"int\"", "\"long\""),
            "\"float\"", Set.of("\"int\"", "\"long\"", "\"float\""),
            "\"double\"", Set.of("\"int\"", "\"long\"", "\"float\"", "\"double\""),
            "\"string\"", Set.of("\"string\"", "\"bytes\""),
            "\"bytes\"", Set.of("\"string\"", "\"bytes\""),
            "\"boolean\"", Set.of("\"boolean\""),
            "[\"null\",\"string\"]", Set.of("[\"null\",\"string\"]", "\"string\"", "\"bytes\""));

    @Provide
    Arbitrary<List<Field>> records() {
        Arbitrary<Field> field = Combinators.combine(
                        Arbitraries.of("a", "b", "c", "d"), Arbitraries.of(TYPES), Arbitraries.of(true, false))
                .as(Field::new);
        return field.list().ofMaxSize(4).uniqueElements(Field::name);
    }

    private static AvroSchema schema(List<Field> fields) {
        List<String> json = new ArrayList<>();
        fields.forEach(f -> json.add(f.json()));
        try {
            return AvroSchema.parse(
                    "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + String.join(",", json) + "]}", List.of());
        } catch (InvalidSchemaException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean compatible(CompatibilityLevel level, List<Field> candidate, List<Field> previous) {
        return level.check(schema(candidate), List.of(schema(previous))).isEmpty();
    }

    /** The model: a reader reads a writer when every reader field is in the writer with a readable type, or has a default. */
    private static boolean modelReads(List<Field> reader, List<Field> writer) {
        Map<String, Field> written = new LinkedHashMap<>();
        writer.forEach(f -> written.put(f.name(), f));
        for (Field field : reader) {
            Field source = written.get(field.name());
            if (source == null ? !field.hasDefault() : !READS.get(field.type()).contains(source.type())) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 300)
    void backwardOfAbIsForwardOfBa(@ForAll("records") List<Field> a, @ForAll("records") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, a, b))
                .isEqualTo(compatible(CompatibilityLevel.FORWARD, b, a));
    }

    @Property(tries = 300)
    void fullIsBackwardAndForward(@ForAll("records") List<Field> a, @ForAll("records") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.FULL, a, b))
                .isEqualTo(
                        compatible(CompatibilityLevel.BACKWARD, a, b) && compatible(CompatibilityLevel.FORWARD, a, b));
    }

    @Property(tries = 300)
    void transitiveLevelsAgreeWithPlainOnesForOnePreviousVersion(
            @ForAll("records") List<Field> a, @ForAll("records") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, a, b))
                .isEqualTo(compatible(CompatibilityLevel.FULL, a, b));
        assertThat(compatible(CompatibilityLevel.NONE, a, b)).isTrue();
    }

    @Property(tries = 500)
    void backwardAgreesWithTheReferenceModel(@ForAll("records") List<Field> a, @ForAll("records") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, a, b)).isEqualTo(modelReads(a, b));
    }

    @Property(tries = 200)
    void transitiveChecksEveryPreviousVersion(
            @ForAll("records") List<Field> a, @ForAll("records") List<Field> b, @ForAll("records") List<Field> c) {
        boolean both = compatible(CompatibilityLevel.BACKWARD, c, a) && compatible(CompatibilityLevel.BACKWARD, c, b);
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE
                        .check(schema(c), List.of(schema(a), schema(b)))
                        .isEmpty())
                .isEqualTo(both);
        assertThat(CompatibilityLevel.BACKWARD
                        .check(schema(c), List.of(schema(a), schema(b)))
                        .isEmpty())
                .isEqualTo(compatible(CompatibilityLevel.BACKWARD, c, b));
    }
}
