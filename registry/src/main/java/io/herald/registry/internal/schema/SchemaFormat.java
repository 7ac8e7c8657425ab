package io.herald.registry.internal.schema;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.SchemaLoader;
import com.squareup.wire.schema.internal.SchemaEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The {@code format} query parameter of {@code GET /schemas/ids/{id}}: the schema text in another form, as
 * Confluent's {@code ParsedSchema.formattedString} gives it. A format a type does not know answers the canonical
 * form, as Confluent does (for forward compatibility, not an error):
 *
 * <ul>
 *   <li>AVRO {@code resolved}: the schema with every referenced named type written out where first used;
 *   <li>PROTOBUF {@code serialized}: the base64 of the file's {@code FileDescriptorProto} bytes (Wire links the file
 *       with its references and encodes the descriptor);
 *   <li>PROTOBUF {@code ignore_extensions}: the file without extend blocks, extension ranges and custom options
 *       ({@link ProtoWithoutExtensions});
 *   <li>{@code default} and any JSON Schema format: the canonical form.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class SchemaFormat {

    /** The name Confluent's Protobuf provider gives the main file of a schema with no file name of its own. */
    private static final String MAIN_FILE = "default";

    private SchemaFormat() {}

    /**
     * @param schema the schema, parsed with its references
     * @param references the referenced schemas, dependencies first (their names are the import paths)
     * @throws InvalidSchemaException when a Protobuf schema does not link (an import that is not a reference)
     */
    public static String format(ParsedSchema schema, List<ResolvedReference> references, String format)
            throws InvalidSchemaException {
        String name = format.trim().toLowerCase(Locale.ROOT);
        return switch (schema) {
            case AvroSchema avro when name.equals("resolved") -> avro.schema().toString();
            case ProtobufSchema protobuf when name.equals("serialized") -> serialized(protobuf, references);
            case ProtobufSchema protobuf
            when name.equals("ignore_extensions") -> ProtoWithoutExtensions.render(protobuf.file());
            default -> schema.canonical();
        };
    }

    /**
     * Wire links only files it reads from a file system, so the file and its references are written to a private
     * temporary folder for the length of the call.
     */
    private static String serialized(ProtobufSchema schema, List<ResolvedReference> references)
            throws InvalidSchemaException {
        Path root = null;
        try {
            root = Files.createTempDirectory("herald-proto");
            for (ResolvedReference reference : references) {
                write(root, reference.name(), reference.schema());
            }
            write(root, MAIN_FILE + ".proto", schema.canonical());
            SchemaLoader loader = new SchemaLoader(FileSystems.getDefault());
            loader.initRoots(List.of(Location.get(root.toString())), List.of());
            Schema linked = loader.loadSchema();
            return new SchemaEncoder(linked)
                    .encode(linked.protoFile(MAIN_FILE + ".proto"))
                    .base64();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the schema to a temporary folder to serialize it", e);
        } catch (RuntimeException e) {
            // Wire reports a schema it cannot link (an unknown type, a missing import) as a runtime exception
            throw new InvalidSchemaException("Schema cannot be serialized: " + e.getMessage(), e);
        } finally {
            delete(root);
        }
    }

    private static void write(Path root, String name, String text) throws IOException, InvalidSchemaException {
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root)) {
            throw new InvalidSchemaException("Reference name '" + name + "' leaves the schema's folder");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void delete(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
