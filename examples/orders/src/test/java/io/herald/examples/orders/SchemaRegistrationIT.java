package io.herald.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.RegisteredSchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.examples.orders.email.EmailService;
import io.herald.examples.orders.events.EventContracts;
import io.herald.testkit.HeraldExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production registration: without {@code --register-schemas} a service registers nothing and refuses to start until
 * the schemas of its topic are registered, saying which and how; once they are (as the deployment's {@code herald
 * schemas register} would), it starts, and registering again changes nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaRegistrationIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    @TempDir
    Path dataDir;

    @Test
    void aServiceStartsOnlyOnceItsSchemasAreRegisteredAndRegistersNothingItself() throws Exception {
        Topics.createMissing(herald.bootstrapServers(), 3);
        try (TestRegistry server = TestRegistry.start(herald.bootstrapServers())) {
            SchemaRegistryClient registry = SchemaRegistryClient.create(server.url());
            ServiceSettings production =
                    new ServiceSettings(herald.bootstrapServers(), dataDir, 0, 0.1, server.url(), false);

            assertThatThrownBy(() -> EmailService.start(production, Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the schemas of topic emails are not registered at " + server.url())
                    .hasMessageContaining("herald schemas register emails-EmailSent --type JSON --schema"
                            + " examples/orders/src/main/resources/schemas/emails-EmailSent.json");
            assertThatThrownBy(() -> registry.latest("emails-EmailSent"))
                    .hasMessageContaining("emails-EmailSent"); // the refused start registered nothing

            List<RegisteredSchema> registered = EventContracts.register(registry, Topics.EMAILS);
            try (EmailService email = EmailService.start(production, Clock.systemUTC())) {
                assertThat(email.events().codec()).isNotNull();
            }
            assertThat(EventContracts.register(registry, Topics.EMAILS)).isEqualTo(registered);
            assertThat(registered).singleElement().satisfies(schema -> {
                assertThat(schema.subject()).isEqualTo("emails-EmailSent");
                assertThat(schema.version()).isEqualTo(1);
            });
        }
    }
}
