package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.herald.registry.internal.schema.ProtobufSchema;
import io.herald.registry.internal.schema.json.Difference;
import io.herald.registry.internal.schema.protobuf.ProtoTypeTable.TypeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between an original and an updated {@code .proto} file, found as Confluent's
 * {@code protobuf/diff} finds them and named by {@link DifferenceType}: messages and enums matched by name in their
 * scope, fields and enum constants by number, named field types by their fully-qualified resolved names (a type of an
 * imported file included), and a message type from a referenced file compared member by member when the original and
 * the update take it from different registered versions.
 *
 * <p>Paths are Confluent's: {@code #/Message/Nested/3} for field number 3, {@code #/Message/oneofName/4} for a oneof
 * member. One instance walks one pair of files; use {@link #differences}. Not thread-safe; not shared.
 */
public final class ProtobufCompatibility {

    private final ProtoTypeTable originalTypes;
    private final ProtoTypeTable updateTypes;
    private String originalPackage;
    private String updatePackage;
    /** The enclosing message names, for both sides alike (messages are matched by name). */
    private final Deque<String> names = new ArrayDeque<>();

    private final Deque<String> path = new ArrayDeque<>();
    /** Original messages being compared, so that recursive types end. */
    private final Set<MessageElement> entered;

    private final List<Difference> out = new ArrayList<>();

    private ProtobufCompatibility(
            ProtoTypeTable originalTypes, ProtoTypeTable updateTypes, Set<MessageElement> entered) {
        this.originalTypes = originalTypes;
        this.updateTypes = updateTypes;
        this.entered = entered;
    }

    /** Every difference found from {@code original} to {@code update}, compatible ones included. */
    public static List<Difference> differences(ProtobufSchema original, ProtobufSchema update) {
        ProtobufCompatibility walk = new ProtobufCompatibility(
                original.types(), update.types(), Collections.newSetFromMap(new IdentityHashMap<>()));
        walk.compareFiles(original.file(), update.file());
        return List.copyOf(walk.out);
    }

    private void compareFiles(ProtoFileElement original, ProtoFileElement update) {
        originalPackage = Objects.requireNonNullElse(original.getPackageName(), "");
        updatePackage = Objects.requireNonNullElse(update.getPackageName(), "");
        if (!originalPackage.equals(updatePackage)) {
            add(DifferenceType.PACKAGE_CHANGED);
        }
        compareTypes(original.getTypes(), update.getTypes());
    }

    private void compareTypes(List<TypeElement> original, List<TypeElement> update) {
        Map<String, Integer> originalMessages = messageIndexes(original);
        Map<String, Integer> updateMessages = messageIndexes(update);
        Set<String> messageNames = new TreeSet<>(originalMessages.keySet());
        messageNames.addAll(updateMessages.keySet());
        for (String name : messageNames) {
            enterName(name);
            Integer originalIndex = originalMessages.get(name);
            Integer updateIndex = updateMessages.get(name);
            if (updateIndex == null) {
                add(DifferenceType.MESSAGE_REMOVED);
            } else if (originalIndex == null) {
                add(DifferenceType.MESSAGE_ADDED);
            } else {
                compareMessages(message(original, name), message(update, name));
                if (!originalIndex.equals(updateIndex)) {
                    add(DifferenceType.MESSAGE_MOVED);
                }
            }
            leaveName();
        }
        Map<String, EnumElement> originalEnums = enums(original);
        Map<String, EnumElement> updateEnums = enums(update);
        Set<String> enumNames = new TreeSet<>(originalEnums.keySet());
        enumNames.addAll(updateEnums.keySet());
        for (String name : enumNames) {
            enterName(name);
            if (!updateEnums.containsKey(name)) {
                add(DifferenceType.ENUM_REMOVED);
            } else if (!originalEnums.containsKey(name)) {
                add(DifferenceType.ENUM_ADDED);
            } else {
                compareEnums(originalEnums.get(name), updateEnums.get(name));
            }
            leaveName();
        }
    }

    private static Map<String, Integer> messageIndexes(List<TypeElement> types) {
        Map<String, Integer> indexes = new HashMap<>();
        for (TypeElement type : types) {
            if (type instanceof MessageElement) {
                indexes.put(type.getName(), indexes.size());
            }
        }
        return indexes;
    }

    private static MessageElement message(List<TypeElement> types, String name) {
        return types.stream()
                .filter(t -> t instanceof MessageElement && t.getName().equals(name))
                .map(MessageElement.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, EnumElement> enums(List<TypeElement> types) {
        Map<String, EnumElement> enums = new HashMap<>();
        for (TypeElement type : types) {
            if (type instanceof EnumElement enumElement) {
                enums.put(type.getName(), enumElement);
            }
        }
        return enums;
    }

    private void compareEnums(EnumElement original, EnumElement update) {
        Map<Integer, String> originalNames = constantNames(original);
        Map<Integer, String> updateNames = constantNames(update);
        Set<Integer> tags = new TreeSet<>(originalNames.keySet());
        tags.addAll(updateNames.keySet());
        for (Integer tag : tags) {
            path.addLast(tag.toString());
            if (!updateNames.containsKey(tag)) {
                add(DifferenceType.ENUM_CONST_REMOVED);
            } else if (!originalNames.containsKey(tag)) {
                add(DifferenceType.ENUM_CONST_ADDED);
            } else if (!originalNames.get(tag).equals(updateNames.get(tag))) {
                add(DifferenceType.ENUM_CONST_CHANGED);
            }
            path.removeLast();
        }
    }

    private static Map<Integer, String> constantNames(EnumElement element) {
        Map<Integer, String> names = new HashMap<>();
        for (EnumConstantElement constant : element.getConstants()) {
            names.putIfAbsent(constant.getTag(), constant.getName());
        }
        return names;
    }

    /** Fields by number wherever they sit, and which oneof (if any) holds each. */
    private record Members(
            Map<Integer, FieldElement> byTag, Map<Integer, String> oneOfByTag, Map<String, OneOfElement> oneOfs) {
        static Members of(MessageElement message) {
            Map<Integer, FieldElement> byTag = new TreeMap<>();
            Map<Integer, String> oneOfByTag = new HashMap<>();
            Map<String, OneOfElement> oneOfs = new HashMap<>();
            message.getFields().forEach(f -> byTag.put(f.getTag(), f));
            for (OneOfElement oneOf : message.getOneOfs()) {
                oneOfs.put(oneOf.getName(), oneOf);
                for (FieldElement field : oneOf.getFields()) {
                    byTag.put(field.getTag(), field);
                    oneOfByTag.put(field.getTag(), oneOf.getName());
                }
            }
            return new Members(byTag, oneOfByTag, oneOfs);
        }
    }

    private void compareMessages(MessageElement original, MessageElement update) {
        if (entered.add(original)) {
            try {
                compareMembers(Members.of(original), Members.of(update), update);
            } finally {
                entered.remove(original);
            }
        }
        compareTypes(original.getNestedTypes(), update.getNestedTypes());
    }

    private void compareMembers(Members original, Members update, MessageElement updateMessage) {
        Set<String> deletedOneOfs = new HashSet<>();
        for (OneOfElement oneOf : original.oneOfs().values()) {
            if (!update.oneOfs().containsKey(oneOf.getName())
                    && oneOf.getFields().stream().noneMatch(f -> update.byTag().containsKey(f.getTag()))) {
                deletedOneOfs.add(oneOf.getName());
            }
        }
        // A oneof of the update whose old members were independent before makes them exclusive now.
        for (OneOfElement oneOf : updateMessage.getOneOfs()) {
            Set<String> groups = new HashSet<>();
            int movedFromTopLevel = 0;
            for (FieldElement field : oneOf.getFields()) {
                int tag = field.getTag();
                if (original.oneOfByTag().containsKey(tag)) {
                    groups.add("oneof:" + original.oneOfByTag().get(tag));
                } else if (original.byTag().containsKey(tag)) {
                    groups.add("field:" + tag);
                    movedFromTopLevel++;
                }
            }
            if (groups.size() > 1) {
                at(
                        oneOf.getName(),
                        movedFromTopLevel > 1
                                ? DifferenceType.MULTIPLE_FIELDS_MOVED_TO_ONEOF
                                : DifferenceType.FIELD_MOVED_TO_EXISTING_ONEOF);
            }
        }
        Set<String> oneOfNames = new TreeSet<>(original.oneOfs().keySet());
        oneOfNames.addAll(update.oneOfs().keySet());
        for (String name : oneOfNames) {
            if (!update.oneOfs().containsKey(name)) {
                at(name, DifferenceType.ONEOF_REMOVED);
            } else if (!original.oneOfs().containsKey(name)) {
                at(name, DifferenceType.ONEOF_ADDED);
            }
        }
        Set<Integer> tags = new TreeSet<>(original.byTag().keySet());
        tags.addAll(update.byTag().keySet());
        for (Integer tag : tags) {
            compareMember(tag, original, update, deletedOneOfs);
        }
    }

    private void compareMember(Integer tag, Members original, Members update, Set<String> deletedOneOfs) {
        FieldElement o = original.byTag().get(tag);
        FieldElement u = update.byTag().get(tag);
        String oOneOf = original.oneOfByTag().get(tag);
        String uOneOf = update.oneOfByTag().get(tag);
        if (u == null) {
            if (oOneOf != null) {
                if (!deletedOneOfs.contains(oOneOf)) {
                    at(oOneOf + "/" + tag, DifferenceType.ONEOF_FIELD_REMOVED);
                }
            } else {
                at(
                        tag.toString(),
                        o.getLabel() == Field.Label.REQUIRED
                                ? DifferenceType.REQUIRED_FIELD_REMOVED
                                : DifferenceType.FIELD_REMOVED);
            }
        } else if (o == null) {
            if (uOneOf != null) {
                at(uOneOf + "/" + tag, DifferenceType.ONEOF_FIELD_ADDED);
            } else {
                at(
                        tag.toString(),
                        u.getLabel() == Field.Label.REQUIRED
                                ? DifferenceType.REQUIRED_FIELD_ADDED
                                : DifferenceType.FIELD_ADDED);
            }
        } else {
            if (oOneOf != null && uOneOf == null) {
                at(tag.toString(), DifferenceType.ONEOF_FIELD_MOVED_TO_TOP_LEVEL);
            }
            String where = uOneOf != null ? uOneOf + "/" + tag : tag.toString();
            path.addLast(where);
            compareField(o, u);
            path.removeLast();
        }
    }

    private void compareField(FieldElement original, FieldElement update) {
        if (!original.getName().equals(update.getName())) {
            add(DifferenceType.FIELD_NAME_CHANGED);
        }
        compareLabelsAndTypes(
                original.getLabel(),
                update.getLabel(),
                ProtoType.Companion.get(original.getType()),
                ProtoType.Companion.get(update.getType()));
    }

    private enum Kind {
        SCALAR,
        MAP,
        MESSAGE
    }

    /** Scalars that share an encoding, so that a field may change between them (Protobuf's "updating" rules). */
    private enum ScalarKind {
        GENERAL_NUMBER,
        SIGNED_NUMBER,
        STRING_OR_BYTES,
        FIXED32,
        FIXED64,
        FLOAT,
        DOUBLE
    }

    private void compareLabelsAndTypes(
            Field.Label originalLabel, Field.Label updateLabel, ProtoType original, ProtoType update) {
        Kind kind = kind(original, true);
        if (kind != kind(update, false)) {
            add(DifferenceType.FIELD_KIND_CHANGED);
            return;
        }
        switch (kind) {
            case SCALAR -> compareScalars(originalLabel, updateLabel, original, update);
            case MESSAGE -> compareMessageTypes(original, update);
            case MAP -> {
                compareLabelsAndTypes(null, null, original.getKeyType(), update.getKeyType());
                compareLabelsAndTypes(null, null, original.getValueType(), update.getValueType());
            }
        }
    }

    private Kind kind(ProtoType type, boolean isOriginal) {
        if (type.isScalar()) {
            return Kind.SCALAR;
        }
        if (type.isMap()) {
            return Kind.MAP;
        }
        return resolve(type, isOriginal).filter(TypeInfo::isEnum).isPresent() ? Kind.SCALAR : Kind.MESSAGE;
    }

    private static ScalarKind scalarKind(ProtoType type) {
        if (!type.isScalar()) {
            return ScalarKind.GENERAL_NUMBER; // an enum
        }
        return switch (type.toString()) {
            case "int32", "int64", "uint32", "uint64", "bool" -> ScalarKind.GENERAL_NUMBER;
            case "sint32", "sint64" -> ScalarKind.SIGNED_NUMBER;
            case "string", "bytes" -> ScalarKind.STRING_OR_BYTES;
            case "fixed32", "sfixed32" -> ScalarKind.FIXED32;
            case "fixed64", "sfixed64" -> ScalarKind.FIXED64;
            case "float" -> ScalarKind.FLOAT;
            case "double" -> ScalarKind.DOUBLE;
            default -> throw new IllegalArgumentException("not a scalar type: " + type);
        };
    }

    private void compareScalars(
            Field.Label originalLabel, Field.Label updateLabel, ProtoType original, ProtoType update) {
        ScalarKind kind = scalarKind(original);
        if (kind != scalarKind(update)) {
            add(DifferenceType.FIELD_SCALAR_KIND_CHANGED);
        } else if (originalLabel != null && updateLabel != null && originalLabel != updateLabel) {
            add(
                    kind == ScalarKind.STRING_OR_BYTES
                            ? DifferenceType.FIELD_STRING_OR_BYTES_LABEL_CHANGED
                            : DifferenceType.FIELD_NUMERIC_LABEL_CHANGED);
        }
    }

    private void compareMessageTypes(ProtoType original, ProtoType update) {
        Optional<TypeInfo> o = resolve(original, true);
        Optional<TypeInfo> u = resolve(update, false);
        if (o.isEmpty() || u.isEmpty()) {
            if (!original.toString().equals(update.toString())) {
                add(DifferenceType.FIELD_NAMED_TYPE_CHANGED);
            }
            return;
        }
        if (!o.get().localName().equals(u.get().localName())) {
            add(DifferenceType.FIELD_NAMED_TYPE_CHANGED);
            return;
        }
        if (o.get().origin().equals(u.get().origin())) {
            return; // the same file on both sides, or both local: compared where they are declared
        }
        ProtobufCompatibility inner = new ProtobufCompatibility(originalTypes, updateTypes, entered);
        inner.originalPackage = o.get().packageName();
        inner.updatePackage = u.get().packageName();
        for (String part : o.get().localName().split("\\.")) {
            inner.enterName(part);
        }
        inner.compareMessages(
                (MessageElement) o.get().element(), (MessageElement) u.get().element());
        out.addAll(inner.out);
        if (inner.out.stream().anyMatch(d -> !d.compatible())) {
            add(DifferenceType.FIELD_NAMED_TYPE_CHANGED);
        }
    }

    private Optional<TypeInfo> resolve(ProtoType type, boolean isOriginal) {
        String packageName = isOriginal ? originalPackage : updatePackage;
        String scope = String.join(".", names);
        String fullScope = packageName.isEmpty() ? scope : scope.isEmpty() ? packageName : packageName + "." + scope;
        return (isOriginal ? originalTypes : updateTypes).resolve(type.toString(), fullScope);
    }

    private void enterName(String name) {
        names.addLast(name);
        path.addLast(name);
    }

    private void leaveName() {
        names.removeLast();
        path.removeLast();
    }

    private void at(String relative, DifferenceType type) {
        path.addLast(relative);
        add(type);
        path.removeLast();
    }

    private void add(DifferenceType type) {
        out.add(new Difference(type.name(), "#/" + String.join("/", path), type.compatible()));
    }
}
