package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Protobuf imports over REST: each import is a reference (or a well-known file), imported types are checked to
 * exist, and compatibility follows into referenced files, with two and three files.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtobufReferencesIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryExtension registry = new RegistryExtension(herald);

    private static final String MONEY =
            "syntax = \"proto3\"; package common; message Money { int64 cents = 1; string currency = 2; }";
    private static final String MONEY_CENTS_AS_TEXT =
            "syntax = \"proto3\"; package common; message Money { string cents = 1; string currency = 2; }";
    private static final String MONEY_WITH_NOTE = "syntax = \"proto3\"; package common;"
            + " message Money { int64 cents = 1; string currency = 2; string note = 3; }";
    private static final String PRICE = "syntax = \"proto3\"; package pricing; import \"common/money.proto\";"
            + " message Price { common.Money amount = 1; }";
    private static final String ORDER = "syntax = \"proto3\"; package shop; import \"pricing/price.proto\";"
            + " message Order { pricing.Price price = 1; }";

    private static Answer register(String subject, String schema, Map<String, Object> reference) {
        return registry.client()
                .post(
                        "/subjects/" + subject + "/versions",
                        Map.of(
                                "schemaType",
                                "PROTOBUF",
                                "schema",
                                schema,
                                "references",
                                reference == null ? List.of() : List.of(reference)));
    }

    private static Map<String, Object> ref(String name, String subject, int version) {
        return Map.of("name", name, "subject", subject, "version", version);
    }

    @Test
    void aFieldOfATypeTheImportedFileDoesNotDeclareIs42201() {
        register("two-money", MONEY, null);

        Answer answer = register(
                "two-order",
                "syntax = \"proto3\"; import \"common/money.proto\"; message Order { common.Price total = 1; }",
                ref("common/money.proto", "two-money", 1));

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("'common.Price'", "field 'total'");
    }

    @Test
    void anImportWithoutAReferenceIs42201() {
        Answer answer = register(
                "unlinked-order",
                "syntax = \"proto3\"; import \"common/money.proto\"; message Order { common.Money total = 1; }",
                null);

        assertThat(answer.errorCode()).isEqualTo(42201);
        assertThat(answer.json().path("message").asText()).contains("import \"common/money.proto\" has no reference");
    }

    @Test
    void aWellKnownImportNeedsNoReference() {
        Answer answer = register(
                "timestamped",
                "syntax = \"proto3\"; import \"google/protobuf/timestamp.proto\";"
                        + " message Event { google.protobuf.Timestamp at = 1; }",
                null);

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aCompatibleChangeTwoFilesAwayIsAccepted() {
        register("chain-ok-money", MONEY, null);
        register("chain-ok-money", MONEY_WITH_NOTE, null);
        register("chain-ok-price", PRICE, ref("common/money.proto", "chain-ok-money", 1));
        register("chain-ok-order", ORDER, ref("pricing/price.proto", "chain-ok-price", 1));

        Answer price2 = register("chain-ok-price", PRICE, ref("common/money.proto", "chain-ok-money", 2));
        Answer order2 = register("chain-ok-order", ORDER, ref("pricing/price.proto", "chain-ok-price", 2));

        assertThat(price2.json().path("version").asInt()).isEqualTo(2);
        assertThat(order2.json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void anIncompatibleChangeInAReferencedFileIs409ForTheReferrer() {
        registry.client().put("/config/chain-bad-money", Map.of("compatibility", "NONE"));
        register("chain-bad-money", MONEY, null);
        register("chain-bad-money", MONEY_CENTS_AS_TEXT, null);
        register("chain-bad-price", PRICE, ref("common/money.proto", "chain-bad-money", 1));

        Answer check = registry.client()
                .post(
                        "/compatibility/subjects/chain-bad-price/versions/latest?verbose=true",
                        Map.of(
                                "schemaType",
                                "PROTOBUF",
                                "schema",
                                PRICE,
                                "references",
                                List.of(ref("common/money.proto", "chain-bad-money", 2))));
        Answer price2 = register("chain-bad-price", PRICE, ref("common/money.proto", "chain-bad-money", 2));

        assertThat(check.json().path("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().path("messages").toString())
                .contains("FIELD_SCALAR_KIND_CHANGED", "FIELD_NAMED_TYPE_CHANGED");
        assertThat(price2.status()).isEqualTo(409);
    }
}
