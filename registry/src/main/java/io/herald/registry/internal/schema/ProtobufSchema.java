package io.herald.registry.internal.schema;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import io.herald.registry.internal.schema.protobuf.DifferenceType;
import io.herald.registry.internal.schema.protobuf.ProtoLinker;
import io.herald.registry.internal.schema.protobuf.ProtoTypeTable;
import io.herald.registry.internal.schema.protobuf.ProtobufCompatibility;
import io.herald.registry.internal.schema.protobuf.ProtobufNormalizer;
import java.util.List;

/**
 * A Protobuf schema: one {@code .proto} file parsed by Square Wire's parser, the one Confluent's registry uses, and
 * linked to the files it imports ({@link ProtoLinker}: each import is a reference or a well-known file, each named
 * field type is declared somewhere). The canonical form is Wire's own rendering of the parsed file (without the
 * header lines Wire adds), so layout alone does not make a new version (comments are documentation and do).
 *
 * @param types the named types the file can use, its own and its imports', by fully-qualified name
 * @param references the referenced files it was linked with, kept so that a normalized copy links the same way
 */
public record ProtobufSchema(
        ProtoFileElement file, String canonical, ProtoTypeTable types, List<ResolvedReference> references)
        implements ParsedSchema {

    /** Parses and links {@code text}, a file without imports other than well-known ones. */
    public static ProtobufSchema parse(String text) throws InvalidSchemaException {
        return parse(text, List.of());
    }

    /**
     * Parses {@code text} as a {@code .proto} file and links it to {@code references} (named by import path).
     *
     * @throws InvalidSchemaException with the parser's message (file, line and column), or the linker's
     */
    public static ProtobufSchema parse(String text, List<ResolvedReference> references) throws InvalidSchemaException {
        ProtoFileElement file;
        try {
            file = ProtoParser.Companion.parse(Location.get("schema.proto"), text);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Invalid schema " + text + ", details: " + e.getMessage(), e);
        }
        return of(file, references);
    }

    private static ProtobufSchema of(ProtoFileElement file, List<ResolvedReference> references)
            throws InvalidSchemaException {
        ProtoTypeTable types = ProtoLinker.link(file, references);
        return new ProtobufSchema(file, withoutWireHeader(file.toSchema()), types, List.copyOf(references));
    }

    /**
     * Wire's rendering starts with two comment lines of its own ("formatted by Wire", the source file name); they
     * are not part of the user's schema, and Confluent's stored text has no such lines.
     */
    private static String withoutWireHeader(String rendered) {
        String text = rendered;
        for (String prefix : List.of("// Proto schema formatted by Wire", "// Source:")) {
            if (text.startsWith(prefix)) {
                int end = text.indexOf('\n');
                text = end < 0 ? "" : text.substring(end + 1);
            }
        }
        return text.startsWith("\n") ? text.substring(1) : text;
    }

    @Override
    public ProtobufSchema normalize() {
        try {
            return of(ProtobufNormalizer.normalize(file, types), references);
        } catch (InvalidSchemaException e) {
            throw new IllegalStateException("a linked .proto file did not link once normalized: " + canonical, e);
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
        return ProtobufCompatibility.differences(protobufWriter, this).stream()
                .filter(d -> !d.compatible())
                .map(d -> DifferenceType.valueOf(d.type()).message(d.path()))
                .toList();
    }
}
