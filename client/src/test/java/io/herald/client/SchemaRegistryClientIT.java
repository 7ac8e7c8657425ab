package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.HeraldExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's registry client against a real Herald registry: its calls, its errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaRegistryClientIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @RegisterExtension
    static RegistryFixture registry = new RegistryFixture(herald);

    static final RegistrySchema V1 =
            RegistrySchema.json("{\"title\":\"Item\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},"
                    + "\"additionalProperties\":false}");
    static final RegistrySchema V2_INCOMPATIBLE = RegistrySchema.json(
            "{\"title\":\"Item\",\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
                    + "\"additionalProperties\":false}");

    @Test
    void registerLookupByIdAndLatestAgree() {
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());

        RegisteredSchema registered = client.register("items-Item", V1, false);

        assertThat(registered.version()).isEqualTo(1);
        assertThat(SchemaRegistryClient.create(registry.url()).lookup("items-Item", V1, false))
                .isEqualTo(registered);
        assertThat(SchemaRegistryClient.create(registry.url())
                        .schemaById(registered.id())
                        .schemaType())
                .isEqualTo(RegistrySchema.JSON);
        assertThat(SchemaRegistryClient.create(registry.url())
                        .latest("items-Item")
                        .id())
                .isEqualTo(registered.id());
    }

    @Test
    void referencesAreSentAndReadBackByIdByVersionAndAsTheLatest() {
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        RegisteredSchema money = client.register(
                "refs-Money", RegistrySchema.json("{\"type\":\"object\",\"properties\":{\"cents\":{}}}"), false);
        List<SchemaReference> references = List.of(new SchemaReference("money.json", "refs-Money", money.version()));
        RegistrySchema refund = RegistrySchema.json(
                        "{\"type\":\"object\",\"properties\":{\"amount\":{\"$ref\":\"money.json\"}}}")
                .withReferences(references);

        RegisteredSchema registered = client.register("refs-Refund", refund, false);

        SchemaRegistryClient fresh = SchemaRegistryClient.create(registry.url());
        assertThat(fresh.schemaById(registered.id()).references()).isEqualTo(references);
        assertThat(fresh.version("refs-Refund", registered.version())).isEqualTo(registered);
        assertThat(fresh.latest("refs-Refund").schema()).isEqualTo(refund);
        assertThat(fresh.lookup("refs-Refund", refund, false).id()).isEqualTo(registered.id());
    }

    @Test
    void aMissingVersionIs40402() {
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        client.register("versions-Item", V1, false);

        assertThatThrownBy(() -> client.version("versions-Item", 9))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40402));
    }

    @Test
    void aMissingSubjectIsRefusedNamingTheUrlTheSubjectAndConfluentsCode() {
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());

        assertThatThrownBy(() -> client.lookup("nothing-here", V1, false))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.subject()).isEqualTo("nothing-here");
                    assertThat(e.url()).startsWith(registry.url());
                })
                .hasMessageContaining(registry.url())
                .hasMessageContaining("subject nothing-here")
                .hasMessageContaining("error 40401");
    }

    @Test
    void anUnknownIdIs40403() {
        assertThatThrownBy(() -> SchemaRegistryClient.create(registry.url()).schemaById(987_654))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void anIncompatibleSchemaIs409UntilTheSubjectsCompatibilityIsRelaxed() {
        SchemaRegistryClient client = SchemaRegistryClient.create(registry.url());
        client.register("relaxed-Item", V1, false);

        assertThatThrownBy(() -> client.register("relaxed-Item", V2_INCOMPATIBLE, false))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(409));
        client.updateCompatibility("relaxed-Item", "NONE");
        assertThat(client.register("relaxed-Item", V2_INCOMPATIBLE, false).version())
                .isEqualTo(2);
    }

    @Test
    void anUnreachableRegistryIsNamedWithTheAdvice() {
        SchemaRegistryClient client = SchemaRegistryClient.create("http://127.0.0.1:1", Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE))
                .hasMessageContaining("schema registry http://127.0.0.1:1 did not answer GET /schemas/ids/1")
                .hasMessageContaining("check schema.registry.url");
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> SchemaRegistryClient.create("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url must be an http:// or https:// URL");
    }

    @Test
    void aRequestThatNoInstanceAnswersGoesToTheNextUrl() throws Exception {
        String down = "http://127.0.0.1:" + closedPort();
        SchemaRegistryClient client = SchemaRegistryClient.create(down + "," + registry.url(), Duration.ofSeconds(5));

        RegisteredSchema registered = client.register("failover-Item", V1, false);

        assertThat(client.schemaById(registered.id())).isEqualTo(V1);
        assertThatThrownBy(() -> SchemaRegistryClient.create(down + ",http://127.0.0.1:1", Duration.ofSeconds(5))
                        .schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema registry " + down + ", http://127.0.0.1:1 did not answer");
    }

    @Test
    void theLatestVersionIsCachedUntilForgottenOrForLatestCacheTtlSec() {
        SchemaRegistryClient cached = SchemaRegistryClient.create(registry.url());
        SchemaRegistryClient uncached = SchemaRegistryClient.fromProperties(
                Map.of("schema.registry.url", registry.url(), "latest.cache.ttl.sec", "0"));
        RegistrySchema v2 = RegistrySchema.json("{\"title\":\"Item\",\"type\":\"object\",\"properties\":{"
                + "\"id\":{\"type\":\"string\"},\"note\":{\"type\":\"string\"}},\"additionalProperties\":false}");
        cached.register("ttl-Item", V1, false);
        assertThat(cached.latest("ttl-Item").version()).isEqualTo(1);
        assertThat(uncached.latest("ttl-Item").version()).isEqualTo(1);

        cached.register("ttl-Item", v2, false);

        assertThat(cached.latest("ttl-Item").version()).isEqualTo(1);
        assertThat(uncached.latest("ttl-Item").version()).isEqualTo(2);
        cached.forgetLatest("ttl-Item");
        assertThat(cached.latest("ttl-Item").version()).isEqualTo(2);
    }

    @Test
    void propertiesThatAreUnknownOrMalformedAreRefusedNamingThem() {
        String url = registry.url();

        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                        Map.of("schema.registry.url", url, "basic.auth.user.inf", "a:b")))
                .hasMessageStartingWith("unknown schema registry property basic.auth.user.inf");
        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                        Map.of("schema.registry.url", url, "basic.auth.credentials.source", "SASL_INHERIT")))
                .hasMessageContaining("must be USER_INFO or URL, was SASL_INHERIT");
        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                        Map.of("schema.registry.url", url, "basic.auth.credentials.source", "USER_INFO")))
                .hasMessageContaining("basic.auth.user.info must be user:password");
        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                        Map.of("schema.registry.url", url, "basic.auth.credentials.source", "URL")))
                .hasMessageContaining("has no user:password@ part");
        assertThatThrownBy(() -> SchemaRegistryClient.fromProperties(
                        Map.of("schema.registry.url", url, "latest.cache.ttl.sec", "soon")))
                .hasMessageContaining("latest.cache.ttl.sec must be a number of seconds or -1, was soon");
        // the serde's own properties are accepted, so one map configures both
        assertThat(SchemaRegistryClient.fromProperties(
                                Map.of("schema.registry.url", url, "auto.register.schemas", "false"))
                        .url())
                .isEqualTo(url);
        assertThat(SchemaSerdeConfig.fromProperties(Map.of("schema.registry.url", url, "basic.auth.user.info", "a:b"))
                        .registryUrl())
                .isEqualTo(url);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
