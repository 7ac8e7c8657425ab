package io.herald.registry.internal.schema.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ProtobufSchema;
import io.herald.registry.internal.schema.ResolvedReference;
import io.herald.registry.internal.schema.json.Difference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Imports linked to references: with two files (an order importing money) and three (an order importing a price
 * that imports money), the named types of imported files resolve by their fully-qualified names, a type no file
 * declares is an invalid schema, and compatibility follows into a referenced message when its version changes.
 */
@Timeout(30)
class ProtoLinkerTest {

    private static final String MONEY_V1 =
            "syntax = \"proto3\"; package common; message Money { int64 cents = 1; string currency = 2; }";
    private static final String MONEY_V2_COMPATIBLE = "syntax = \"proto3\"; package common;"
            + " message Money { int64 cents = 1; string currency = 2; string note = 3; }";
    private static final String MONEY_V2_INCOMPATIBLE =
            "syntax = \"proto3\"; package common; message Money { string cents = 1; string currency = 2; }";
    private static final String PRICE = "syntax = \"proto3\"; package pricing; import \"common/money.proto\";"
            + " message Price { common.Money amount = 1; }";
    private static final String ORDER_WITH_MONEY = "syntax = \"proto3\"; package shop; import \"common/money.proto\";"
            + " message Order { common.Money total = 1; }";
    private static final String ORDER_WITH_PRICE = "syntax = \"proto3\"; package shop; import \"pricing/price.proto\";"
            + " message Order { pricing.Price price = 1; }";

    private static ResolvedReference money(int version, String text) {
        return new ResolvedReference("common/money.proto", "money-value", version, text);
    }

    private static ResolvedReference price(int version) {
        return new ResolvedReference("pricing/price.proto", "price-value", version, PRICE);
    }

    @Test
    void aFieldOfAnImportedTypeResolvesToItsFullName() throws InvalidSchemaException {
        ProtobufSchema order = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(1, MONEY_V1)));

        assertThat(order.types().resolve("common.Money", "shop.Order"))
                .hasValueSatisfying(t -> assertThat(t.fullName()).isEqualTo("common.Money"));
        assertThat(order.types().get("common.Money").orElseThrow().origin())
                .isEqualTo(new ProtoTypeTable.Origin("money-value", 1));
    }

    @Test
    void aTypeNoImportedFileDeclaresIs42201NamingTheFieldAndTheType() {
        String order = "syntax = \"proto3\"; package shop; import \"common/money.proto\";"
                + " message Order { common.Price total = 1; }";

        assertThatThrownBy(() -> ProtobufSchema.parse(order, List.of(money(1, MONEY_V1))))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("field 'total' of message 'shop.Order'")
                .hasMessageContaining("'common.Price'");
    }

    @Test
    void anUndeclaredTypeInTheFileItselfIsInvalidToo() {
        assertThatThrownBy(() -> ProtobufSchema.parse("syntax = \"proto3\"; message M { Missing m = 1; }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("'Missing'");
    }

    @Test
    void anImportWithoutAReferenceIsInvalidAndNamesTheFix() {
        assertThatThrownBy(() -> ProtobufSchema.parse(ORDER_WITH_MONEY, List.of()))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("import \"common/money.proto\" has no reference")
                .hasMessageContaining("references");
    }

    @Test
    void wellKnownImportsNeedNoReference() throws InvalidSchemaException {
        ProtobufSchema schema = ProtobufSchema.parse("syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\";"
                + " import \"google/protobuf/wrappers.proto\";"
                + " message M { google.protobuf.Timestamp at = 1; .google.protobuf.StringValue s = 2; }");

        assertThat(schema.types().get("google.protobuf.Timestamp")).isPresent();
    }

    @Test
    void aMisspelledWellKnownTypeIsInvalid() {
        assertThatThrownBy(() -> ProtobufSchema.parse("syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\";"
                        + " message M { google.protobuf.Timestamps at = 1; }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("google.protobuf.Timestamps");
    }

    @Test
    void threeFilesResolveThroughTheMiddleOne() throws InvalidSchemaException {
        ProtobufSchema order = ProtobufSchema.parse(ORDER_WITH_PRICE, List.of(money(1, MONEY_V1), price(1)));

        assertThat(order.types().get("pricing.Price")).isPresent();
        assertThat(order.types().get("common.Money")).isPresent();
    }

    @Test
    void aNameResolvesFromTheInnermostScopeOutwards() throws InvalidSchemaException {
        ProtobufSchema schema = ProtobufSchema.parse("syntax = \"proto3\"; package shop;"
                + " message Money {} message Order { message Money {} Money inner = 1; .shop.Money outer = 2; }");

        assertThat(schema.types().resolve("Money", "shop.Order").orElseThrow().fullName())
                .isEqualTo("shop.Order.Money");
        assertThat(schema.types().resolve("Money", "shop").orElseThrow().fullName())
                .isEqualTo("shop.Money");
    }

    @Test
    void theSameImportedTypeWrittenTwoWaysIsNoDifference() throws InvalidSchemaException {
        ProtobufSchema written = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(1, MONEY_V1)));
        ProtobufSchema qualified = ProtobufSchema.parse(
                ORDER_WITH_MONEY.replace("common.Money total", ".common.Money total"), List.of(money(1, MONEY_V1)));

        assertThat(ProtobufCompatibility.differences(written, qualified)).isEmpty();
    }

    @Test
    void aCompatibleNewVersionOfAReferencedMessageIsCompatible() throws InvalidSchemaException {
        ProtobufSchema v1 = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(1, MONEY_V1)));
        ProtobufSchema v2 = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(2, MONEY_V2_COMPATIBLE)));

        List<Difference> differences = ProtobufCompatibility.differences(v1, v2);

        assertThat(differences).extracting(Difference::type).containsExactly("FIELD_ADDED");
        assertThat(differences).allMatch(Difference::compatible);
    }

    @Test
    void anIncompatibleNewVersionOfAReferencedMessageMakesTheFieldIncompatible() throws InvalidSchemaException {
        ProtobufSchema v1 = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(1, MONEY_V1)));
        ProtobufSchema v2 = ProtobufSchema.parse(ORDER_WITH_MONEY, List.of(money(2, MONEY_V2_INCOMPATIBLE)));

        assertThat(ProtobufCompatibility.differences(v1, v2))
                .extracting(Difference::type, Difference::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FIELD_SCALAR_KIND_CHANGED", "#/Money/1"),
                        org.assertj.core.groups.Tuple.tuple("FIELD_NAMED_TYPE_CHANGED", "#/Order/1"));
    }

    @Test
    void compatibilityFollowsThroughTwoLevelsOfReferences() throws InvalidSchemaException {
        ProtobufSchema v1 = ProtobufSchema.parse(ORDER_WITH_PRICE, List.of(money(1, MONEY_V1), price(1)));
        ProtobufSchema v2 = ProtobufSchema.parse(ORDER_WITH_PRICE, List.of(money(2, MONEY_V2_INCOMPATIBLE), price(2)));

        List<Difference> differences = ProtobufCompatibility.differences(v1, v2);

        assertThat(differences).extracting(Difference::type).contains("FIELD_SCALAR_KIND_CHANGED");
        assertThat(differences)
                .filteredOn(d -> d.type().equals("FIELD_NAMED_TYPE_CHANGED"))
                .extracting(Difference::path)
                .containsExactly("#/Price/1", "#/Order/1");
    }

    @Test
    void aLocalMessageReplacedByAnImportedOneOfTheSameNameIsCompared() throws InvalidSchemaException {
        ProtobufSchema local =
                ProtobufSchema.parse("syntax = \"proto3\"; package common; message Order { Money total = 1; }"
                        + " message Money { int64 cents = 1; }");
        ProtobufSchema imported = ProtobufSchema.parse(
                "syntax = \"proto3\"; package common; import \"common/money.proto\";"
                        + " message Order { Money total = 1; }",
                List.of(money(1, MONEY_V1)));

        List<Difference> differences = ProtobufCompatibility.differences(local, imported);

        assertThat(differences).extracting(Difference::type).contains("MESSAGE_REMOVED", "FIELD_ADDED");
    }
}
