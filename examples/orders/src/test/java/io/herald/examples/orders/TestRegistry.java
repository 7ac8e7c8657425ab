package io.herald.examples.orders;

import io.herald.registry.RegistryConfig;
import io.herald.registry.SchemaRegistry;

/**
 * A real schema registry in the test's JVM (module {@code herald-registry}), storing its schemas in the test's
 * cluster, on a free port of 127.0.0.1.
 */
public final class TestRegistry implements AutoCloseable {
    private final SchemaRegistry registry;

    private TestRegistry(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Starts one against {@code bootstrapServers}; returns once it serves. */
    public static TestRegistry start(String bootstrapServers) {
        return new TestRegistry(
                SchemaRegistry.start(RegistryConfig.forCluster(bootstrapServers).withListeners("http://127.0.0.1:0")));
    }

    /** Its URL, for {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + registry.port();
    }

    @Override
    public void close() {
        registry.close();
    }
}
