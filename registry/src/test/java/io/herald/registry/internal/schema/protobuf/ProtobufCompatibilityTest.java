package io.herald.registry.internal.schema.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ProtobufSchema;
import io.herald.registry.internal.schema.json.Difference;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of Confluent's Protobuf difference types: one case (or more) per {@link DifferenceType}, with the verdict
 * Confluent gives, plus the scalar changes that are no difference at all. {@code compatible} is BACKWARD (the update
 * reads data written with the original).
 */
@Timeout(30)
class ProtobufCompatibilityTest {

    record Case(String rule, String original, String update, boolean compatible, DifferenceType difference) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static final String P3 = "syntax = \"proto3\"; package shop; ";
    private static final String P2 = "syntax = \"proto2\"; package shop; ";

    private static Case ok(String rule, String original, String update, DifferenceType difference) {
        return new Case(rule, P3 + original, P3 + update, true, difference);
    }

    private static Case bad(String rule, String original, String update, DifferenceType difference) {
        return new Case(rule, P3 + original, P3 + update, false, difference);
    }

    /** A field {@code f = 1} of message M changed from one type to another, with no other change. */
    private static Case retyped(String from, String to, boolean compatible, DifferenceType difference) {
        String enumE = " enum E { E0 = 0; }";
        return new Case(
                from + " -> " + to,
                P3 + "message M { " + from + " f = 1; }" + enumE,
                P3 + "message M { " + to + " f = 1; }" + enumE,
                compatible,
                difference);
    }

    static Stream<Case> cases() {
        String m = "message M { string id = 1; int64 at = 2; }";
        return Stream.of(
                ok("nothing but layout", m, "message M {\n  string id = 1;\n  int64 at = 2;\n}", null),
                new Case(
                        "package changed",
                        "syntax = \"proto3\"; package a; message M {}",
                        "syntax = \"proto3\"; package b; message M {}",
                        false,
                        DifferenceType.PACKAGE_CHANGED),
                ok("message added", m, m + " message N { bool b = 1; }", DifferenceType.MESSAGE_ADDED),
                ok(
                        "nested message added",
                        m,
                        "message M { string id = 1; int64 at = 2; message I {} }",
                        DifferenceType.MESSAGE_ADDED),
                bad("message removed", m + " message N { bool b = 1; }", m, DifferenceType.MESSAGE_REMOVED),
                ok(
                        "message moved",
                        "message A {} message B {}",
                        "message B {} message A {}",
                        DifferenceType.MESSAGE_MOVED),
                ok("enum added", m, m + " enum E { A = 0; }", DifferenceType.ENUM_ADDED),
                ok("enum removed", m + " enum E { A = 0; }", m, DifferenceType.ENUM_REMOVED),
                ok(
                        "enum constant added",
                        "enum E { A = 0; }",
                        "enum E { A = 0; B = 1; }",
                        DifferenceType.ENUM_CONST_ADDED),
                ok(
                        "enum constant renamed",
                        "enum E { A = 0; B = 1; }",
                        "enum E { A = 0; C = 1; }",
                        DifferenceType.ENUM_CONST_CHANGED),
                ok(
                        "enum constant removed",
                        "enum E { A = 0; B = 1; }",
                        "enum E { A = 0; }",
                        DifferenceType.ENUM_CONST_REMOVED),
                ok(
                        "field added",
                        m,
                        "message M { string id = 1; int64 at = 2; bool gift = 3; }",
                        DifferenceType.FIELD_ADDED),
                ok("field removed", m, "message M { string id = 1; }", DifferenceType.FIELD_REMOVED),
                ok(
                        "field renamed",
                        m,
                        "message M { string id = 1; int64 created_at = 2; }",
                        DifferenceType.FIELD_NAME_CHANGED),
                bad(
                        "scalar becomes a message",
                        m + " message T { int64 s = 1; }",
                        "message M { string id = 1; T at = 2; } message T { int64 s = 1; }",
                        DifferenceType.FIELD_KIND_CHANGED),
                bad(
                        "message becomes a map",
                        "message M { T t = 1; } message T {}",
                        "message M { map<string, T> t = 1; } message T {}",
                        DifferenceType.FIELD_KIND_CHANGED),
                bad(
                        "enum becomes a message",
                        "message M { E e = 1; } enum E { A = 0; } message T {}",
                        "message M { T e = 1; } enum E { A = 0; } message T {}",
                        DifferenceType.FIELD_KIND_CHANGED),
                bad(
                        "named type changed",
                        "message M { A a = 1; } message A {} message B {}",
                        "message M { B a = 1; } message A {} message B {}",
                        DifferenceType.FIELD_NAMED_TYPE_CHANGED),
                bad(
                        "map value type changed",
                        "message M { map<string, int64> t = 1; }",
                        "message M { map<string, string> t = 1; }",
                        DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                ok(
                        "same named type written fully-qualified",
                        "message M { A a = 1; } message A {}",
                        "message M { .shop.A a = 1; } message A {}",
                        null),
                ok(
                        "same nested type written from outside",
                        "message M { I a = 1; message I {} }",
                        "message M { M.I a = 1; message I {} }",
                        null),
                bad(
                        "optional numeric becomes repeated",
                        "message M { optional int64 at = 2; }",
                        "message M { repeated int64 at = 2; }",
                        DifferenceType.FIELD_NUMERIC_LABEL_CHANGED),
                bad(
                        "repeated numeric becomes optional",
                        "message M { repeated int64 at = 2; }",
                        "message M { optional int64 at = 2; }",
                        DifferenceType.FIELD_NUMERIC_LABEL_CHANGED),
                ok(
                        "optional string becomes repeated",
                        "message M { optional string id = 1; }",
                        "message M { repeated string id = 1; }",
                        DifferenceType.FIELD_STRING_OR_BYTES_LABEL_CHANGED),
                ok(
                        "a proto3 field without a label becomes repeated: no difference, as in Confluent",
                        m,
                        "message M { string id = 1; repeated int64 at = 2; }",
                        null),
                ok(
                        "message singular becomes repeated (labels of messages are not compared)",
                        "message M { T t = 1; } message T {}",
                        "message M { repeated T t = 1; } message T {}",
                        null),
                new Case(
                        "required field added",
                        P2 + "message M { optional string a = 1; }",
                        P2 + "message M { optional string a = 1; required int32 b = 2; }",
                        false,
                        DifferenceType.REQUIRED_FIELD_ADDED),
                new Case(
                        "required field removed",
                        P2 + "message M { optional string a = 1; required int32 b = 2; }",
                        P2 + "message M { optional string a = 1; }",
                        false,
                        DifferenceType.REQUIRED_FIELD_REMOVED),
                new Case(
                        "syntax changed (no difference, as in Confluent)",
                        "syntax = \"proto2\"; message M { optional string a = 1; }",
                        "syntax = \"proto3\"; message M { string a = 1; }",
                        true,
                        null),
                ok(
                        "oneof added",
                        m,
                        "message M { string id = 1; int64 at = 2; oneof pay { string card = 3; } }",
                        DifferenceType.ONEOF_ADDED),
                ok(
                        "oneof removed with all its fields",
                        "message M { string id = 1; oneof pay { string card = 2; } }",
                        "message M { string id = 1; }",
                        DifferenceType.ONEOF_REMOVED),
                ok(
                        "oneof field added",
                        "message M { oneof pay { string card = 1; } }",
                        "message M { oneof pay { string card = 1; string iban = 2; } }",
                        DifferenceType.ONEOF_FIELD_ADDED),
                bad(
                        "oneof field removed",
                        "message M { oneof pay { string card = 1; string iban = 2; } }",
                        "message M { oneof pay { string card = 1; } }",
                        DifferenceType.ONEOF_FIELD_REMOVED),
                ok(
                        "oneof field moved to the top level",
                        "message M { oneof pay { string card = 1; } }",
                        "message M { string card = 1; }",
                        DifferenceType.ONEOF_FIELD_MOVED_TO_TOP_LEVEL),
                ok(
                        "one field moved into a new oneof",
                        m,
                        "message M { string id = 1; oneof when { int64 at = 2; } }",
                        DifferenceType.ONEOF_ADDED),
                ok(
                        "oneof renamed",
                        "message M { oneof a { string x = 1; int64 y = 2; } }",
                        "message M { oneof b { string x = 1; int64 y = 2; } }",
                        DifferenceType.ONEOF_ADDED),
                bad(
                        "several fields moved into a new oneof",
                        m,
                        "message M { oneof x { string id = 1; int64 at = 2; } }",
                        DifferenceType.MULTIPLE_FIELDS_MOVED_TO_ONEOF),
                bad(
                        "field moved into an existing oneof",
                        "message M { string id = 1; oneof x { int64 at = 2; } }",
                        "message M { oneof x { string id = 1; int64 at = 2; } }",
                        DifferenceType.FIELD_MOVED_TO_EXISTING_ONEOF),
                bad(
                        "a field's type changed inside a renamed oneof",
                        "message M { oneof a { string x = 1; } }",
                        "message M { oneof b { int64 x = 1; } }",
                        DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                // Scalars that share an encoding: no difference (Confluent's FieldSchemaDiff groups).
                retyped("int32", "int64", true, null),
                retyped("int32", "uint32", true, null),
                retyped("uint64", "bool", true, null),
                retyped("int32", "E", true, null),
                retyped("sint32", "sint64", true, null),
                retyped("fixed32", "sfixed32", true, null),
                retyped("fixed64", "sfixed64", true, null),
                retyped("string", "bytes", true, null),
                // Scalars that do not.
                retyped("string", "int32", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                retyped("int32", "sint32", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                retyped("fixed32", "fixed64", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                retyped("float", "double", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                retyped("int64", "fixed64", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED),
                retyped("bytes", "E", false, DifferenceType.FIELD_SCALAR_KIND_CHANGED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsConfluentsVerdict(Case c) throws InvalidSchemaException {
        List<Difference> differences =
                ProtobufCompatibility.differences(ProtobufSchema.parse(c.original()), ProtobufSchema.parse(c.update()));

        assertThat(differences.stream().allMatch(Difference::compatible))
                .as("%s: %s", c.rule(), differences)
                .isEqualTo(c.compatible());
        if (c.difference() != null) {
            assertThat(differences)
                    .extracting(Difference::type)
                    .as(c.rule())
                    .contains(c.difference().name());
        } else {
            assertThat(differences)
                    .as(c.rule())
                    .allMatch(d -> d.type().equals(DifferenceType.MESSAGE_MOVED.name()) && d.compatible());
        }
    }

    @Test
    void theTableCoversEveryDifferenceType() {
        Set<DifferenceType> covered =
                cases().map(Case::difference).filter(d -> d != null).collect(Collectors.toSet());

        assertThat(EnumSet.copyOf(covered)).isEqualTo(EnumSet.allOf(DifferenceType.class));
    }

    @Test
    void eachVerdictIsConfluents() {
        Set<DifferenceType> compatible = EnumSet.of(
                DifferenceType.MESSAGE_ADDED,
                DifferenceType.MESSAGE_MOVED,
                DifferenceType.ENUM_ADDED,
                DifferenceType.ENUM_REMOVED,
                DifferenceType.ENUM_CONST_ADDED,
                DifferenceType.ENUM_CONST_CHANGED,
                DifferenceType.ENUM_CONST_REMOVED,
                DifferenceType.FIELD_ADDED,
                DifferenceType.FIELD_REMOVED,
                DifferenceType.FIELD_NAME_CHANGED,
                DifferenceType.FIELD_STRING_OR_BYTES_LABEL_CHANGED,
                DifferenceType.ONEOF_ADDED,
                DifferenceType.ONEOF_REMOVED,
                DifferenceType.ONEOF_FIELD_ADDED,
                DifferenceType.ONEOF_FIELD_MOVED_TO_TOP_LEVEL);

        for (DifferenceType type : DifferenceType.values()) {
            assertThat(type.compatible()).as(type.name()).isEqualTo(compatible.contains(type));
        }
    }

    @Test
    void aDifferenceNamesItsPath() throws InvalidSchemaException {
        List<Difference> differences = ProtobufCompatibility.differences(
                ProtobufSchema.parse(P3 + "message M { message I { oneof o { string a = 4; } } }"),
                ProtobufSchema.parse(P3 + "message M { message I { oneof o { int64 a = 4; } } }"));

        assertThat(differences).containsExactly(new Difference("FIELD_SCALAR_KIND_CHANGED", "#/M/I/o/4", false));
    }

    @Test
    void aFieldAddedIsBackwardButNotForwardWhenItIsRequired() throws InvalidSchemaException {
        ProtobufSchema older = ProtobufSchema.parse(P2 + "message M { optional string a = 1; }");
        ProtobufSchema newer = ProtobufSchema.parse(P2 + "message M { optional string a = 1; required int32 b = 2; }");

        assertThat(CompatibilityLevel.BACKWARD.check(newer, List.of(older))).isNotEmpty();
        assertThat(CompatibilityLevel.FORWARD.check(older, List.of(newer))).isNotEmpty();
        assertThat(CompatibilityLevel.FORWARD.check(newer, List.of(older))).isNotEmpty();
    }

    @Test
    void aNumericFieldMadeRepeatedIsIncompatibleBothWays() throws InvalidSchemaException {
        ProtobufSchema older = ProtobufSchema.parse(P3 + "message M { optional int64 a = 1; }");
        ProtobufSchema newer = ProtobufSchema.parse(P3 + "message M { repeated int64 a = 1; }");

        assertThat(CompatibilityLevel.BACKWARD.check(newer, List.of(older))).isNotEmpty();
        assertThat(CompatibilityLevel.FORWARD.check(newer, List.of(older))).isNotEmpty();
    }

    @Test
    void anIncompatibilityIsReportedInConfluentsWordsWithTheSchemasNamedByRole() throws InvalidSchemaException {
        ProtobufSchema older = ProtobufSchema.parse(P3 + "message M { string a = 1; }");
        ProtobufSchema newer = ProtobufSchema.parse(P3 + "message M { int64 a = 1; }");

        assertThat(CompatibilityLevel.BACKWARD.check(newer, List.of(older)))
                .containsExactly("{errorType:\"FIELD_SCALAR_KIND_CHANGED\", description:\"The kind of a SCALAR field at"
                        + " path '#/M/1' in the reader schema does not match its kind in the writer schema\"}");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> ProtobufSchema.parse("syntax = \"proto3\";\nmessage M { string = 1; }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("schema.proto:2:");
    }
}
