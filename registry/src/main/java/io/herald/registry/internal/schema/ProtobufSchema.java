package io.herald.registry.internal.schema;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.herald.registry.internal.schema.json.Difference;
import io.herald.registry.internal.schema.protobuf.ProtobufCompatibility;
import java.util.List;

/**
 * A Protobuf schema: one {@code .proto} file parsed by Square Wire's parser, the one Confluent's registry uses. The
 * canonical form is Wire's own rendering of the parsed file, so layout alone does not make a new version (comments are documentation and do).
 * Imports are kept as written and not linked: a referenced file's types are not checked to exist.
 */
public record ProtobufSchema(ProtoFileElement file, String canonical) implements ParsedSchema {

    /** Parses {@code text} as a {@code .proto} file. */
    public static ProtobufSchema parse(String text) throws InvalidSchemaException {
        try {
            ProtoFileElement file = ProtoParser.Companion.parse(Location.get("schema.proto"), text);
            return new ProtobufSchema(file, file.toSchema());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public List<String> readErrors(ParsedSchema writer) {
        if (!(writer instanceof ProtobufSchema protobufWriter)) {
            return List.of("Incompatible because of different schema type");
        }
        return ProtobufCompatibility.differences(protobufWriter.file(), file).stream()
                .filter(d -> !d.compatible())
                .map(Difference::toString)
                .toList();
    }
}
