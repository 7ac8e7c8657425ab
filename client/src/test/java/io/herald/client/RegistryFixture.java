package io.herald.client;

import io.herald.registry.RegistryConfig;
import io.herald.registry.SchemaRegistry;
import io.herald.testkit.HeraldExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Herald schema registry, in-process, on the testkit broker of one test class (its schemas in the broker's
 * {@code _schemas} topic, where the broker's schema validation reads them). Register it after the broker's extension,
 * so it starts after and stops before it.
 */
final class RegistryFixture implements BeforeAllCallback, AfterAllCallback {
    private final HeraldExtension herald;
    private SchemaRegistry registry;

    RegistryFixture(HeraldExtension herald) {
        this.herald = herald;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        registry = SchemaRegistry.start(
                RegistryConfig.forCluster(herald.bootstrapServers()).withListeners("http://127.0.0.1:0"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (registry != null) {
            registry.close();
        }
    }

    String url() {
        return "http://127.0.0.1:" + registry.port();
    }
}
