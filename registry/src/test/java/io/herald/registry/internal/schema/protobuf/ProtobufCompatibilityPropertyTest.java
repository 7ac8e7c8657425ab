package io.herald.registry.internal.schema.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ProtobufSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the Protobuf checker on generated messages (scalar, enum and message fields, labels, a oneof):
 * BACKWARD(a, b) == FORWARD(b, a), FULL is both, and for fields outside oneofs the verdict agrees with a model of
 * Confluent's rules (a field kept under its number must keep its encoding group and, when both labels are explicit
 * and the type is numeric, its label); normalizing a message changes nothing the checker sees.
 */
class ProtobufCompatibilityPropertyTest {

    /** A field of a generated message; {@code label} is "", "optional " or "repeated "; in oneof {@code o} or not. */
    record Field(int tag, String type, String label, boolean inOneOf) {
        String text() {
            return (inOneOf ? "" : label) + type + " f" + tag + " = " + tag + ";";
        }
    }

    private static final List<String> TYPES = List.of(
            "int32",
            "int64",
            "uint64",
            "bool",
            "sint32",
            "sint64",
            "string",
            "bytes",
            "fixed32",
            "sfixed32",
            "double",
            "float",
            "E",
            "T");

    /** Confluent's encoding groups; a message type is its own. */
    private static final Map<String, String> GROUP = Map.ofEntries(
            Map.entry("int32", "number"),
            Map.entry("int64", "number"),
            Map.entry("uint64", "number"),
            Map.entry("bool", "number"),
            Map.entry("E", "number"),
            Map.entry("sint32", "signed"),
            Map.entry("sint64", "signed"),
            Map.entry("string", "text"),
            Map.entry("bytes", "text"),
            Map.entry("fixed32", "fixed32"),
            Map.entry("sfixed32", "fixed32"),
            Map.entry("double", "double"),
            Map.entry("float", "float"),
            Map.entry("T", "message"));

    @Provide
    Arbitrary<List<Field>> messages() {
        Arbitrary<Field> field = Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.of(TYPES),
                        Arbitraries.of("", "optional ", "repeated "),
                        Arbitraries.of(false, false, true))
                .as(Field::new);
        return field.list().ofMaxSize(4).uniqueElements(Field::tag);
    }

    @Provide
    Arbitrary<List<Field>> plainMessages() {
        return messages()
                .map(fields -> fields.stream()
                        .map(f -> new Field(f.tag(), f.type(), f.label(), false))
                        .toList());
    }

    private static ProtobufSchema schema(List<Field> fields) {
        String plain =
                fields.stream().filter(f -> !f.inOneOf()).map(Field::text).collect(Collectors.joining(" "));
        String oneOf = fields.stream().filter(Field::inOneOf).map(Field::text).collect(Collectors.joining(" "));
        String text = "syntax = \"proto3\"; package p; message M { " + plain
                + (oneOf.isEmpty() ? "" : " oneof o { " + oneOf + " }") + " } enum E { E0 = 0; } message T {}";
        try {
            return ProtobufSchema.parse(text);
        } catch (InvalidSchemaException e) {
            throw new IllegalStateException(text, e);
        }
    }

    private static boolean compatible(CompatibilityLevel level, List<Field> candidate, List<Field> previous) {
        return level.check(schema(candidate), List.of(schema(previous))).isEmpty();
    }

    @Property(tries = 300)
    void backwardOfAbIsForwardOfBa(@ForAll("messages") List<Field> a, @ForAll("messages") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, a, b))
                .isEqualTo(compatible(CompatibilityLevel.FORWARD, b, a));
    }

    @Property(tries = 300)
    void fullIsBackwardAndForward(@ForAll("messages") List<Field> a, @ForAll("messages") List<Field> b) {
        assertThat(compatible(CompatibilityLevel.FULL, a, b))
                .isEqualTo(
                        compatible(CompatibilityLevel.BACKWARD, a, b) && compatible(CompatibilityLevel.FORWARD, a, b));
    }

    @Property(tries = 300)
    void backwardAgreesWithTheModel(
            @ForAll("plainMessages") List<Field> update, @ForAll("plainMessages") List<Field> original) {
        assertThat(compatible(CompatibilityLevel.BACKWARD, update, original)).isEqualTo(modelReads(update, original));
    }

    @Property(tries = 200)
    void normalizingChangesNothingACheckerSeesAndIsIdempotent(@ForAll("messages") List<Field> fields) {
        ProtobufSchema schema = schema(fields);
        ProtobufSchema normalized = schema.normalize();

        assertThat(ProtobufCompatibility.differences(schema, normalized)).isEmpty();
        assertThat(normalized.normalize().canonical()).isEqualTo(normalized.canonical());
    }

    private static boolean modelReads(List<Field> update, List<Field> original) {
        for (Field o : original) {
            for (Field u : update) {
                if (u.tag() != o.tag()) {
                    continue;
                }
                String group = GROUP.get(o.type());
                if (!group.equals(GROUP.get(u.type()))) {
                    return false;
                }
                boolean explicit = !o.label().isEmpty() && !u.label().isEmpty();
                boolean numeric = !group.equals("text") && !group.equals("message");
                if (explicit && numeric && !o.label().equals(u.label())) {
                    return false;
                }
            }
        }
        return true;
    }
}
