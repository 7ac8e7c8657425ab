package io.herald.registry;

import io.herald.registry.internal.election.WriterElection;
import io.herald.registry.internal.http.RegistryHttpServer;
import io.herald.registry.internal.schema.CompatibilityLevel;
import io.herald.registry.internal.service.RegistryWriter;
import io.herald.registry.internal.service.SchemaLookup;
import io.herald.registry.internal.service.Settings;
import io.herald.registry.internal.store.RegistryState;
import io.herald.registry.internal.store.SchemasTopic;
import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * A Confluent-compatible schema registry: the REST API of Confluent Schema Registry over HTTP, schemas kept in the
 * {@code _schemas} topic of a Kafka-protocol cluster (Herald or Apache Kafka) in Confluent's record format.
 *
 * <pre>{@code
 * try (SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.forCluster("localhost:9092"))) {
 *     System.out.println("http://localhost:" + registry.port());
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once the topic has been replayed, so every schema registered before is served. Several
 * instances may run against one cluster: they elect one writer through a Kafka consumer group, and the others forward
 * writes to it.
 */
public final class SchemaRegistry implements AutoCloseable {

    private final SchemasTopic topic;
    private final WriterElection election;
    private final RegistryHttpServer http;

    private SchemaRegistry(SchemasTopic topic, WriterElection election, RegistryHttpServer http) {
        this.topic = topic;
        this.election = election;
        this.http = http;
    }

    private static void close(RegistryHttpServer http, WriterElection election, SchemasTopic topic) {
        http.close();
        election.close();
        topic.close();
    }

    /**
     * Replays the schemas topic (creating it if absent), then serves the API.
     *
     * @throws IllegalArgumentException for a bad config value, naming it
     * @throws IllegalStateException when the cluster cannot be reached or replayed in time
     */
    public static SchemaRegistry start(RegistryConfig config) {
        CompatibilityLevel defaultLevel = CompatibilityLevel.fromName(config.compatibilityLevel());
        String host = config.host();
        int port = config.port();
        RegistryState state = new RegistryState();
        SchemasTopic topic = new SchemasTopic(config.bootstrapServers(), config.topic(), state, config.timeout());
        try {
            topic.start();
        } catch (TimeoutException e) {
            topic.close();
            throw new IllegalStateException(
                    "cannot replay " + config.topic() + " from " + config.bootstrapServers() + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            topic.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + config.topic(), e);
        } catch (RuntimeException e) {
            topic.close();
            throw e;
        }
        Settings settings = new Settings(state, defaultLevel);
        WriterElection election =
                new WriterElection(config.bootstrapServers(), config.groupId(), config.topic(), config.timeout());
        RegistryWriter writer = new RegistryWriter(state, topic, new SchemaLookup(state), settings, election::isWriter);
        RegistryHttpServer http = new RegistryHttpServer(state, settings, writer, election, topic);
        try {
            http.start(host, port, config.idleTimeout());
            election.start(URI.create("http://" + config.advertisedHost() + ":" + http.port()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(http, election, topic);
            throw new IllegalStateException("interrupted while joining the writer election", e);
        } catch (RuntimeException e) {
            close(http, election, topic);
            throw e;
        }
        return new SchemaRegistry(topic, election, http);
    }

    /** The port the HTTP API is bound to. */
    public int port() {
        return http.port();
    }

    /** Whether this instance is the one writing the schemas topic now (the others forward writes to it). */
    public boolean isWriter() {
        return election.isWriter();
    }

    /** Stops serving, leaves the writer election (another instance takes over) and closes the Kafka clients. */
    @Override
    public void close() {
        close(http, election, topic);
    }
}
