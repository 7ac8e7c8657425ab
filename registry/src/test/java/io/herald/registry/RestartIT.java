package io.herald.registry;

import static io.herald.registry.RegistryFixture.avroRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new registry on the same cluster replays {@code _schemas}: same ids, versions, configs, deletes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void aNewInstanceServesWhatTheFirstRegistered() {
        int userId;
        int orderId;
        try (RegistryFixture first = RegistryFixture.start(herald)) {
            userId = first.client
                    .register("users-value", null, avroRecord("User"))
                    .json()
                    .path("id")
                    .asInt();
            first.client.register(
                    "users-value", null, avroRecord("User", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));
            orderId = first.client
                    .register("orders-value", "JSON", "{\"type\":\"object\"}")
                    .json()
                    .path("id")
                    .asInt();
            first.client.put("/config/orders-value", Map.of("compatibility", "FULL"));
            first.client.delete("/subjects/users-value/versions/2");
        }

        try (RegistryFixture second = RegistryFixture.start(herald)) {
            RegistryClient client = second.client;

            assertThat(client.get("/schemas/ids/" + userId)
                            .json()
                            .path("schema")
                            .asText())
                    .contains("User");
            assertThat(client.get("/subjects/orders-value/versions/1")
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(orderId);
            assertThat(client.get("/subjects/users-value/versions").text()).isEqualTo("[1]");
            assertThat(client.get("/config/orders-value")
                            .json()
                            .path("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");
            assertThat(client.register("users-value", null, avroRecord("User"))
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(userId);
            int next = client.register("new-value", null, "\"string\"")
                    .json()
                    .path("id")
                    .asInt();
            assertThat(next).isGreaterThan(Math.max(userId, orderId));
        }
    }
}
