package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.herald.registry.internal.schema.InvalidSchemaException;
import io.herald.registry.internal.schema.ResolvedReference;
import io.herald.registry.internal.schema.protobuf.ProtoTypeTable.ImportedFile;
import io.herald.registry.internal.schema.protobuf.ProtoTypeTable.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links a {@code .proto} file to the files it imports: each import is a reference of the request (its {@code name}
 * is the import path) or a well-known file, and every field whose type is a named type must name one that the file
 * or an imported file declares. Stateless.
 */
public final class ProtoLinker {

    private ProtoLinker() {}

    /**
     * @param references the referenced files, dependencies first, named by import path
     * @throws InvalidSchemaException naming the import without a reference, the reference that does not parse, or the
     *     field whose type no file declares
     */
    public static ProtoTypeTable link(ProtoFileElement file, List<ResolvedReference> references)
            throws InvalidSchemaException {
        Map<String, ImportedFile> imported = new LinkedHashMap<>();
        for (ResolvedReference reference : references) {
            ProtoFileElement parsed;
            try {
                parsed = ProtoParser.Companion.parse(Location.get(reference.name()), reference.schema());
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new InvalidSchemaException("Invalid schema: the referenced file " + reference.name()
                        + " does not parse: " + e.getMessage());
            }
            imported.put(
                    reference.name(),
                    new ImportedFile(reference.name(), parsed, new Origin(reference.subject(), reference.version())));
        }
        boolean unknownWellKnown = false;
        List<ProtoFileElement> files = new ArrayList<>();
        files.add(file);
        imported.values().forEach(i -> files.add(i.file()));
        for (ProtoFileElement importer : files) {
            for (String path : imports(importer)) {
                if (imported.containsKey(path)) {
                    continue;
                }
                if (!WellKnownProtos.isWellKnown(path)) {
                    if (importer == file) {
                        throw new InvalidSchemaException("Invalid schema: import \"" + path
                                + "\" has no reference; register that file and add {\"name\":\"" + path
                                + "\",\"subject\":..,\"version\":..} to \"references\"");
                    }
                    continue; // a referenced file's own imports were checked when it was registered
                }
                var wellKnown = WellKnownProtos.file(path);
                if (wellKnown.isPresent()) {
                    imported.put(path, new ImportedFile(path, wellKnown.get(), new Origin(path, 0)));
                } else {
                    unknownWellKnown = true;
                }
            }
        }
        ProtoTypeTable table = ProtoTypeTable.of(file, List.copyOf(imported.values()));
        String packageName = file.getPackageName() == null ? "" : file.getPackageName();
        checkTypes(file.getTypes(), packageName, table, unknownWellKnown);
        return table;
    }

    private static List<String> imports(ProtoFileElement file) {
        List<String> all = new ArrayList<>(file.getImports());
        all.addAll(file.getPublicImports());
        return all;
    }

    private static void checkTypes(List<TypeElement> types, String scope, ProtoTypeTable table, boolean lenient)
            throws InvalidSchemaException {
        for (TypeElement type : types) {
            String fullName = scope.isEmpty() ? type.getName() : scope + "." + type.getName();
            if (type instanceof MessageElement message) {
                for (FieldElement field : fields(message)) {
                    checkField(field, fullName, table, lenient);
                }
            }
            checkTypes(type.getNestedTypes(), fullName, table, lenient);
        }
    }

    /** The fields of a message, those inside oneofs included. */
    static List<FieldElement> fields(MessageElement message) {
        List<FieldElement> fields = new ArrayList<>(message.getFields());
        for (OneOfElement oneOf : message.getOneOfs()) {
            fields.addAll(oneOf.getFields());
        }
        return fields;
    }

    private static void checkField(FieldElement field, String messageName, ProtoTypeTable table, boolean lenient)
            throws InvalidSchemaException {
        ProtoType type = ProtoType.Companion.get(field.getType());
        ProtoType named = type.isMap() ? type.getValueType() : type;
        if (named == null || named.isScalar()) {
            return;
        }
        String name = named.toString();
        if (table.resolve(name, messageName).isPresent()) {
            return;
        }
        String bare = name.startsWith(".") ? name.substring(1) : name;
        if (lenient && (bare.startsWith("google.") || bare.startsWith("confluent."))) {
            return; // a bundled file Herald does not ship declares it
        }
        throw new InvalidSchemaException("Invalid schema: field '" + field.getName() + "' of message '" + messageName
                + "' has type '" + name + "', which neither this file nor the files it imports declare; declare it,"
                + " or import the file that does and add it to \"references\"");
    }
}
