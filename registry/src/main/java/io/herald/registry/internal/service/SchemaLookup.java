package io.herald.registry.internal.service;

import io.herald.registry.internal.http.RegistryErrors;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ParsedSchema;
import io.herald.registry.internal.schema.SchemaParser;
import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import io.herald.registry.internal.store.RegistryRecord.SchemaRegistered;
import io.herald.registry.internal.store.RegistryState;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Parsing of request schemas and of stored versions, and the match of one against the other, as Confluent matches:
 * two schemas are the same when type, references and canonical text are equal. The canonical text ignores layout
 * (whitespace, Avro's key order, Protobuf's formatting); what it keeps (JSON Schema key order, Avro property order,
 * Protobuf field order) is ignored only when both sides were normalized.
 */
public record SchemaLookup(RegistryState state) {

    /** A request's schema, parsed with its references resolved. */
    public record Candidate(SchemaType type, List<SchemaReference> references, ParsedSchema parsed) {}

    /**
     * Parses a request's schema; with {@code normalize}, Confluent's normalized form of it and its references sorted
     * (by subject, then version) without duplicates, which is what a normalized registration stores.
     *
     * @throws io.herald.registry.internal.http.RegistryException 42201 with the parser's message
     */
    public Candidate parse(String schemaType, String schema, List<SchemaReference> references, boolean normalize) {
        SchemaType type;
        try {
            type = SchemaType.fromName(schemaType);
        } catch (IllegalArgumentException e) {
            throw RegistryErrors.invalidSchema("Invalid schema type " + schemaType + ": " + e.getMessage());
        }
        try {
            ParsedSchema parsed = SchemaParser.parse(type, schema, References.resolve(state, references));
            if (normalize) {
                List<SchemaReference> sorted = references.stream()
                        .sorted(Comparator.comparing(SchemaReference::subject)
                                .thenComparingInt(SchemaReference::version))
                        .distinct()
                        .toList();
                return new Candidate(type, sorted, parsed.normalize());
            }
            return new Candidate(type, List.copyOf(references), parsed);
        } catch (InvalidSchemaException e) {
            throw RegistryErrors.invalidSchema(e.getMessage());
        }
    }

    /** A stored version, parsed; empty if it no longer parses (a record written by another registry). */
    public Optional<ParsedSchema> parse(SchemaRegistered version) {
        try {
            return Optional.of(SchemaParser.parse(
                    version.schemaType(), version.schema(), References.resolve(state, version.references())));
        } catch (InvalidSchemaException e) {
            return Optional.empty();
        }
    }

    /** The first of {@code versions} that holds the same schema as {@code candidate}. */
    /**
     * The first of {@code versions} that holds the same schema as {@code candidate}: same type, references and
     * canonical text; or, as Confluent's {@code canLookup} allows, a candidate sent without references that is a
     * version's schema with its referenced types written out in place (an Avro serializer that has the whole
     * schema).
     */
    public Optional<SchemaRegistered> match(Candidate candidate, List<SchemaRegistered> versions) {
        for (SchemaRegistered version : versions) {
            if (version.schemaType() != candidate.type()) {
                continue;
            }
            boolean sameReferences = version.references().equals(candidate.references());
            boolean inlined =
                    candidate.references().isEmpty() && !version.references().isEmpty();
            if (sameReferences
                    && (version.schema().equals(candidate.parsed().canonical())
                            || parse(version)
                                    .map(p -> p.sameAs(candidate.parsed()))
                                    .orElse(false))) {
                return Optional.of(version);
            }
            if (inlined
                    && parse(version)
                            .map(p -> p.sameInlined(candidate.parsed()))
                            .orElse(false)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The parsed live versions of {@code subject}, oldest first, for compatibility checks. */
    public List<ParsedSchema> liveParsed(String subject) {
        return state.versions(subject).stream()
                .filter(v -> !v.deleted())
                .map(this::parse)
                .flatMap(Optional::stream)
                .toList();
    }
}
