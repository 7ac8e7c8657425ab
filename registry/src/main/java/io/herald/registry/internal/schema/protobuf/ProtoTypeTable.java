package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named types one {@code .proto} file can use, by fully-qualified name (no leading dot): its own and those of the
 * files it imports, each with the file it came from. Names resolve with protobuf's scoping rules: a name with a
 * leading dot is absolute; any other is looked up from the innermost enclosing scope outwards, as {@code protoc} does
 * (the idea of Confluent's {@code ResolutionContext}). Immutable.
 */
public final class ProtoTypeTable {

    /**
     * One named type.
     *
     * @param fullName package and enclosing messages, dot-separated, without a leading dot
     * @param packageName the package of the file declaring it, empty for none
     * @param origin where the declaring file is registered: the reference's subject and version, or {@link #LOCAL}
     */
    public record TypeInfo(String fullName, String packageName, TypeElement element, Origin origin) {
        /** Whether this is an enum (a scalar on the wire) rather than a message. */
        public boolean isEnum() {
            return element instanceof EnumElement;
        }

        /** The name relative to its package, as Confluent compares named types across versions. */
        public String localName() {
            return packageName.isEmpty() ? fullName : fullName.substring(packageName.length() + 1);
        }
    }

    /** Where a file is registered; two types from the same origin need no comparison of their contents. */
    public record Origin(String subject, int version) {}

    /** The origin of the file being registered or checked itself. */
    public static final Origin LOCAL = new Origin("", -1);

    private final Map<String, TypeInfo> types;

    private ProtoTypeTable(Map<String, TypeInfo> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** The types of {@code file} and of the files it imports; a name declared twice means the importing file's. */
    public static ProtoTypeTable of(ProtoFileElement file, List<ImportedFile> imported) {
        Map<String, TypeInfo> types = new LinkedHashMap<>();
        for (ImportedFile dependency : imported) {
            collect(dependency.file(), dependency.origin(), types);
        }
        collect(file, LOCAL, types);
        return new ProtoTypeTable(types);
    }

    /** A file a schema imports, parsed, with where it is registered. */
    public record ImportedFile(String path, ProtoFileElement file, Origin origin) {}

    private static void collect(ProtoFileElement file, Origin origin, Map<String, TypeInfo> types) {
        String packageName = file.getPackageName() == null ? "" : file.getPackageName();
        collect(file.getTypes(), packageName, packageName, origin, types);
    }

    private static void collect(
            List<TypeElement> elements, String scope, String packageName, Origin origin, Map<String, TypeInfo> types) {
        for (TypeElement element : elements) {
            String fullName = scope.isEmpty() ? element.getName() : scope + "." + element.getName();
            types.put(fullName, new TypeInfo(fullName, packageName, element, origin));
            collect(element.getNestedTypes(), fullName, packageName, origin, types);
        }
    }

    /**
     * The type {@code name} means when written inside {@code scope} (the fully-qualified name of the enclosing
     * message, or the package at file level).
     */
    public Optional<TypeInfo> resolve(String name, String scope) {
        if (name.startsWith(".")) {
            return Optional.ofNullable(types.get(name.substring(1)));
        }
        List<String> prefix = new ArrayList<>(scope.isEmpty() ? List.of() : List.of(scope.split("\\.")));
        while (true) {
            String candidate = prefix.isEmpty() ? name : String.join(".", prefix) + "." + name;
            TypeInfo found = types.get(candidate);
            if (found != null) {
                return Optional.of(found);
            }
            if (prefix.isEmpty()) {
                return Optional.empty();
            }
            prefix.removeLast();
        }
    }

    /** The type with this fully-qualified name (leading dot optional). */
    public Optional<TypeInfo> get(String fullName) {
        return Optional.ofNullable(types.get(fullName.startsWith(".") ? fullName.substring(1) : fullName));
    }
}
