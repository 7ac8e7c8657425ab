package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmokeIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void registersAndReads() {
        try (SchemaRegistry registry = SchemaRegistry.start(
                RegistryConfig.forCluster(herald.bootstrapServers()).withListeners("http://127.0.0.1:0"))) {
            RegistryClient client = new RegistryClient(registry.port());
            var answer = client.register("a-value", null, "{\"type\":\"string\"}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(client.get("/subjects/a-value/versions/latest")
                            .json()
                            .path("id")
                            .asInt())
                    .isEqualTo(answer.json().path("id").asInt());
        }
    }
}
