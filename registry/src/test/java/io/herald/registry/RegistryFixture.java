package io.herald.registry;

import io.herald.testkit.HeraldExtension;

/** Starts a registry on a testkit broker for one test class and gives a client of it. */
final class RegistryFixture implements AutoCloseable {

    final SchemaRegistry registry;
    final RegistryClient client;

    private RegistryFixture(SchemaRegistry registry) {
        this.registry = registry;
        this.client = new RegistryClient(registry.port());
    }

    static RegistryFixture start(HeraldExtension herald) {
        return new RegistryFixture(SchemaRegistry.start(config(herald)));
    }

    static RegistryConfig config(HeraldExtension herald) {
        return RegistryConfig.forCluster(herald.bootstrapServers()).withListeners("http://127.0.0.1:0");
    }

    /** An Avro record named {@code name} with int fields, then the given extra field definitions (JSON). */
    static String avroRecord(String name, String... fields) {
        StringBuilder schema = new StringBuilder("{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[");
        schema.append("{\"name\":\"id\",\"type\":\"int\"}");
        for (String field : fields) {
            schema.append(',').append(field);
        }
        return schema.append("]}").toString();
    }

    @Override
    public void close() {
        registry.close();
    }
}
