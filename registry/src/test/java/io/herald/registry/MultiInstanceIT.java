package io.herald.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.registry.RegistryClient.Answer;
import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two registries on one cluster: one writer is elected, writes sent to the other are forwarded to it and readable
 * there at once, and when the writer stops the other takes over with the ids continuing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MultiInstanceIT {

    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @Test
    void oneWriterIsElectedFollowersForwardAndTheOtherTakesOver() {
        SchemaRegistry first = SchemaRegistry.start(RegistryFixture.config(herald));
        SchemaRegistry second = SchemaRegistry.start(RegistryFixture.config(herald));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> first.isWriter() != second.isWriter());
            SchemaRegistry writer = first.isWriter() ? first : second;
            SchemaRegistry follower = first.isWriter() ? second : first;
            RegistryClient writerClient = new RegistryClient(writer.port());
            RegistryClient followerClient = new RegistryClient(follower.port());

            Answer viaFollower = followerClient.register("orders-value", null, "\"string\"");
            Answer readOnFollower = followerClient.get("/subjects/orders-value/versions/1");
            Answer sameViaWriter = writerClient.register("payments-value", null, "\"string\"");
            Answer incompatibleViaFollower = followerClient.register("orders-value", null, "\"int\"");
            Answer configViaFollower = followerClient.put("/config/orders-value", Map.of("compatibility", "NONE"));

            assertThat(viaFollower.status()).as(viaFollower.text()).isEqualTo(200);
            int id = viaFollower.json().path("id").asInt();
            assertThat(readOnFollower.json().path("id").asInt()).isEqualTo(id);
            assertThat(sameViaWriter.json().path("id").asInt()).isEqualTo(id);
            assertThat(configViaFollower.text()).isEqualTo("{\"compatibility\":\"NONE\"}");
            assertThat(writerClient
                            .get("/config/orders-value")
                            .json()
                            .path("compatibilityLevel")
                            .asText())
                    .isEqualTo("NONE");
            assertThat(incompatibleViaFollower.status())
                    .as("the writer's error comes back as it is")
                    .isEqualTo(409);
            assertThat(incompatibleViaFollower.errorCode()).isEqualTo(409);
            assertThat(followerClient.register("orders-value", null, "\"int\"").status())
                    .isEqualTo(200);

            writer.close();
            await().atMost(Duration.ofSeconds(30)).until(follower::isWriter);
            Answer afterTakeOver = followerClient.register("invoices-value", null, "\"long\"");

            assertThat(afterTakeOver.status()).as(afterTakeOver.text()).isEqualTo(200);
            assertThat(afterTakeOver.json().path("id").asInt()).isEqualTo(id + 2);
        } finally {
            first.close();
            second.close();
        }
    }
}
