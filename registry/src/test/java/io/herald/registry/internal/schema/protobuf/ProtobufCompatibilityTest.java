package io.herald.registry.internal.schema.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ProtobufSchema;
import io.herald.registry.internal.schema.json.Difference;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per Protobuf rule of {@link ProtobufCompatibility}; {@code compatible} is BACKWARD (new reads old). */
class ProtobufCompatibilityTest {

    record Case(String rule, String original, String update, boolean compatible, String difference) {
        @Override
        public String toString() {
            return rule;
        }
    }

    private static final String P3 = "syntax = \"proto3\"; package shop; ";

    private static Case ok(String rule, String original, String update, String difference) {
        return new Case(rule, P3 + original, P3 + update, true, difference);
    }

    private static Case bad(String rule, String original, String update, String difference) {
        return new Case(rule, P3 + original, P3 + update, false, difference);
    }

    static Stream<Case> cases() {
        String m = "message M { string id = 1; int64 at = 2; }";
        return Stream.of(
                ok("nothing but formatting", m, "message M {\n  string id = 1;\n  int64 at = 2;\n}", null),
                ok("message added", m, m + " message N { bool b = 1; }", "MESSAGE_ADDED"),
                bad("message removed", m + " message N { bool b = 1; }", m, "MESSAGE_REMOVED"),
                ok("field added", m, "message M { string id = 1; int64 at = 2; bool gift = 3; }", "FIELD_ADDED"),
                ok("field removed", m, "message M { string id = 1; }", "FIELD_REMOVED"),
                ok("field renamed", m, "message M { string id = 1; int64 created_at = 2; }", "FIELD_NAME_CHANGED"),
                bad(
                        "scalar type changed",
                        m,
                        "message M { string id = 1; int32 at = 2; }",
                        "FIELD_SCALAR_KIND_CHANGED"),
                bad(
                        "scalar becomes a message",
                        m + " message T { int64 s = 1; }",
                        "message M { string id = 1; T at = 2; } message T { int64 s = 1; }",
                        "FIELD_KIND_CHANGED"),
                bad(
                        "named type changed",
                        "message M { A a = 1; } message A {} message B {}",
                        "message M { B a = 1; } message A {} message B {}",
                        "FIELD_NAMED_TYPE_CHANGED"),
                ok(
                        "same named type written with the package",
                        "message M { A a = 1; } message A {}",
                        "message M { .shop.A a = 1; } message A {}",
                        null),
                bad(
                        "singular becomes repeated",
                        m,
                        "message M { string id = 1; repeated int64 at = 2; }",
                        "FIELD_LABEL_CHANGED"),
                ok(
                        "nested message added",
                        m,
                        "message M { string id = 1; int64 at = 2; message Inner {} }",
                        "MESSAGE_ADDED"),
                ok("enum added", m, m + " enum E { A = 0; }", "ENUM_ADDED"),
                bad("enum removed", m + " enum E { A = 0; }", m, "ENUM_REMOVED"),
                ok("enum constant added", "enum E { A = 0; }", "enum E { A = 0; B = 1; }", "ENUM_CONST_ADDED"),
                bad("enum constant removed", "enum E { A = 0; B = 1; }", "enum E { A = 0; }", "ENUM_CONST_REMOVED"),
                bad(
                        "enum constant renumbered",
                        "enum E { A = 0; B = 1; }",
                        "enum E { A = 0; B = 2; }",
                        "ENUM_CONST_CHANGED"),
                ok(
                        "oneof added",
                        m,
                        "message M { string id = 1; int64 at = 2; oneof pay { string card = 3; } }",
                        "ONEOF_ADDED"),
                ok(
                        "oneof field added",
                        "message M { oneof pay { string card = 1; } }",
                        "message M { oneof pay { string card = 1; string iban = 2; } }",
                        "ONEOF_FIELD_ADDED"),
                bad(
                        "oneof field removed",
                        "message M { oneof pay { string card = 1; string iban = 2; } }",
                        "message M { oneof pay { string card = 1; } }",
                        "ONEOF_FIELD_REMOVED"),
                bad("oneof removed", "message M { oneof pay { string card = 1; } }", "message M { }", "ONEOF_REMOVED"),
                ok(
                        "one field moved into a new oneof",
                        m,
                        "message M { string id = 1; oneof when { int64 at = 2; } }",
                        "ONEOF_ADDED"),
                bad(
                        "several fields moved into a new oneof",
                        m,
                        "message M { oneof x { string id = 1; int64 at = 2; } }",
                        "MULTIPLE_FIELDS_MOVED_TO_ONEOF"),
                bad(
                        "field moved into an existing oneof",
                        "message M { string id = 1; oneof x { int64 at = 2; } }",
                        "message M { oneof x { string id = 1; int64 at = 2; } }",
                        "FIELD_MOVED_TO_EXISTING_ONEOF"));
    }

    static Stream<Case> allCases() {
        return Stream.concat(
                cases(),
                Stream.of(
                        new Case(
                                "package changed",
                                "syntax = \"proto3\"; package a; message M {}",
                                "syntax = \"proto3\"; package b; message M {}",
                                false,
                                "PACKAGE_CHANGED"),
                        new Case(
                                "syntax changed",
                                "syntax = \"proto2\"; message M { optional string a = 1; }",
                                "syntax = \"proto3\"; message M { string a = 1; }",
                                false,
                                "SYNTAX_VERSION_CHANGED"),
                        new Case(
                                "required field added",
                                "syntax = \"proto2\"; message M { optional string a = 1; }",
                                "syntax = \"proto2\"; message M { optional string a = 1; required int32 b = 2; }",
                                false,
                                "REQUIRED_FIELD_ADDED"),
                        new Case(
                                "required field removed",
                                "syntax = \"proto2\"; message M { optional string a = 1; required int32 b = 2; }",
                                "syntax = \"proto2\"; message M { optional string a = 1; }",
                                false,
                                "REQUIRED_FIELD_REMOVED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void followsTheRule(Case c) throws InvalidSchemaException {
        List<Difference> differences = ProtobufCompatibility.differences(
                ProtobufSchema.parse(c.original()).file(),
                ProtobufSchema.parse(c.update()).file());

        assertThat(differences.stream().allMatch(Difference::compatible))
                .as("%s: %s", c.rule(), differences)
                .isEqualTo(c.compatible());
        if (c.difference() != null) {
            assertThat(differences).extracting(Difference::type).as(c.rule()).contains(c.difference());
        } else {
            assertThat(differences).as(c.rule()).isEmpty();
        }
    }

    @Test
    void anEnumConstantAddedIsBackwardButNotForwardCompatible() throws InvalidSchemaException {
        ProtobufSchema older = ProtobufSchema.parse("syntax = \"proto3\"; enum E { A = 0; }");
        ProtobufSchema newer = ProtobufSchema.parse("syntax = \"proto3\"; enum E { A = 0; B = 1; }");

        assertThat(CompatibilityLevel.BACKWARD.check(newer, List.of(older))).isEmpty();
        assertThat(CompatibilityLevel.FORWARD.check(newer, List.of(older))).isNotEmpty();
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> ProtobufSchema.parse("syntax = \"proto3\";\nmessage M { string = 1; }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("schema.proto:2:");
    }
}
