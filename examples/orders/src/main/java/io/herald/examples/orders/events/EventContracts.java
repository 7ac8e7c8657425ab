package io.herald.examples.orders.events;

import io.herald.client.EventSchemas;
import io.herald.client.RegisteredSchema;
import io.herald.client.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The order system's event contracts: for each event type its topic, its registry subject and its JSON Schema, a file
 * under {@code src/main/resources/schemas/} named after the subject. The files are written and reviewed by hand (not
 * generated at run time): a schema is the team's promise to the other services, and a change to it is a reviewed
 * change the registry checks for compatibility.
 *
 * <p>Subjects follow the SDK's default {@code TopicRecordNameStrategy}: {@code <topic>-<type>}, e.g. {@code
 * orders-OrderPlaced}; each event type has its own lineage of versions. {@code FraudSuspected} is not here: the CEP
 * rule runner writes it as plain JSON. Immutable; thread-safe.
 */
public final class EventContracts {
    /** Where the schema files are on the class path. */
    public static final String SCHEMA_FOLDER = "/schemas/";

    /** The schema of OrderPlaced before {@code giftMessage} existed: version 1 of {@code orders-OrderPlaced}. */
    public static final String ORDER_PLACED_V1 = SCHEMA_FOLDER + "orders-OrderPlaced.v1.json";

    /**
     * One event type's contract.
     *
     * @param topic the topic its events are published to
     * @param type the CloudEvents type, also the schema's {@code title}
     */
    public record Contract(String topic, String type) {
        /** The registry subject, {@code <topic>-<type>}. */
        public String subject() {
            return topic + "-" + type;
        }

        /** The schema file's class-path resource, the current version of the subject. */
        public String resource() {
            return SCHEMA_FOLDER + subject() + ".json";
        }
    }

    /** Every registered event type, by topic. */
    public static final List<Contract> ALL = List.of(
            new Contract("orders", "OrderPlaced"),
            new Contract("orders", "OrderHeld"),
            new Contract("orders", "OrderRejected"),
            new Contract("orders", "OrderConfirmed"),
            new Contract("orders", "OrderCancelled"),
            new Contract("inventory", "StockReserved"),
            new Contract("inventory", "StockRejected"),
            new Contract("inventory", "StockReleased"),
            new Contract("payments", "PaymentSucceeded"),
            new Contract("payments", "PaymentFailed"),
            new Contract("emails", "EmailSent"));

    private EventContracts() {}

    /**
     * The schemas the services publish with: the current file of every contract, for data version 1 of its type
     * (the records' {@code @EventType} version; a compatible schema change keeps it, see the README).
     */
    public static EventSchemas schemas() {
        EventSchemas.Builder builder = EventSchemas.builder();
        for (Contract contract : ALL) {
            builder.json(contract.type(), 1, contract.resource());
        }
        return builder.build();
    }

    /** The contracts of the events published to {@code topic}. */
    public static List<Contract> publishedTo(String topic) {
        return ALL.stream().filter(contract -> contract.topic().equals(topic)).toList();
    }

    /**
     * Checks that the current schema of every contract of {@code topic} is registered under its subject, so that a
     * service started against a registry nobody prepared stops at once, saying what to run, rather than failing each
     * event it decides.
     *
     * @throws IllegalStateException naming each missing subject and the command that registers it
     * @throws io.herald.client.SchemaRegistryException if the registry cannot be asked (unreachable, 5xx)
     */
    public static void requireRegistered(SchemaRegistryClient registry, String topic) {
        EventSchemas schemas = schemas();
        List<String> missing = new ArrayList<>();
        for (Contract contract : publishedTo(topic)) {
            try {
                registry.lookup(contract.subject(), schemas.given(contract.type(), 1), false);
            } catch (io.herald.client.SchemaRegistryException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                missing.add("herald schemas register " + contract.subject() + " --type JSON --schema"
                        + " examples/orders/src/main/resources" + contract.resource());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the schemas of topic " + topic + " are not registered at "
                    + registry.url() + " (the services do not register them unless started with --register-schemas);"
                    + " register them first: " + String.join("; ", missing));
        }
    }

    /**
     * Registers the current schema of every contract of {@code topic} (dev and demo; in production the deployment
     * does it beforehand with {@code herald schemas register}). Registering a schema the subject has already returns
     * its existing id.
     *
     * @throws io.herald.client.SchemaRegistryException if the registry refuses one (e.g. 409: incompatible with the
     *     subject's latest version), with the registry's message
     */
    public static List<RegisteredSchema> register(SchemaRegistryClient registry, String topic) {
        EventSchemas schemas = schemas();
        List<RegisteredSchema> registered = new ArrayList<>();
        for (Contract contract : publishedTo(topic)) {
            registered.add(registry.register(contract.subject(), schemas.given(contract.type(), 1), false));
        }
        return registered;
    }
}
