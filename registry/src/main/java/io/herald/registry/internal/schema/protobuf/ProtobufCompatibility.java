package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import io.herald.registry.internal.schema.json.Difference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The differences between an original and an updated {@code .proto} file, named as Confluent names them, each
 * compatible or not for a reader of the update reading data written with the original. Fields are matched by number,
 * the identity on the wire; messages and enums by full name.
 *
 * <ul>
 *   <li>compatible: a message, enum, enum constant, field, oneof or oneof field added; a field removed; a field renamed;
 *       one field moved into a new oneof;
 *   <li>not compatible: the package or syntax changed; a message or enum removed; an enum constant removed or
 *       renumbered; a field's scalar type, kind (scalar, message, enum) or named type changed; a field's label changed
 *       between repeated and singular; a required field added or removed; a oneof, or a field of one, removed;
 *       several fields moved into one new oneof, or a field moved into an existing oneof.
 * </ul>
 *
 * Scalar types that share a wire encoding (int32 and int64, string and bytes...) are still reported as changed: this
 * checker is stricter than the wire format there. Stateless.
 */
public final class ProtobufCompatibility {

    private static final Set<String> SCALARS = Set.of(
            "double",
            "float",
            "int32",
            "int64",
            "uint32",
            "uint64",
            "sint32",
            "sint64",
            "fixed32",
            "fixed64",
            "sfixed32",
            "sfixed64",
            "bool",
            "string",
            "bytes");

    private ProtobufCompatibility() {}

    /** Every difference found from {@code original} to {@code update}. */
    public static List<Difference> differences(ProtoFileElement original, ProtoFileElement update) {
        List<Difference> out = new ArrayList<>();
        if (!Objects.equals(original.getPackageName(), update.getPackageName())) {
            out.add(new Difference("PACKAGE_CHANGED", "#/package", false));
        }
        if (!Objects.equals(syntax(original), syntax(update))) {
            out.add(new Difference("SYNTAX_VERSION_CHANGED", "#/syntax", false));
        }
        Map<String, MessageElement> oMessages = new LinkedHashMap<>();
        Map<String, EnumElement> oEnums = new LinkedHashMap<>();
        collect(original.getTypes(), "", oMessages, oEnums);
        Map<String, MessageElement> uMessages = new LinkedHashMap<>();
        Map<String, EnumElement> uEnums = new LinkedHashMap<>();
        collect(update.getTypes(), "", uMessages, uEnums);
        String oPackage = original.getPackageName();
        String uPackage = update.getPackageName();
        for (Map.Entry<String, MessageElement> entry : oMessages.entrySet()) {
            MessageElement u = uMessages.get(entry.getKey());
            if (u == null) {
                out.add(new Difference("MESSAGE_REMOVED", "#/" + entry.getKey(), false));
            } else {
                compareMessage("#/" + entry.getKey(), entry.getValue(), u, oPackage, uPackage, out);
            }
        }
        for (String name : uMessages.keySet()) {
            if (!oMessages.containsKey(name)) {
                out.add(new Difference("MESSAGE_ADDED", "#/" + name, true));
            }
        }
        for (Map.Entry<String, EnumElement> entry : oEnums.entrySet()) {
            EnumElement u = uEnums.get(entry.getKey());
            if (u == null) {
                out.add(new Difference("ENUM_REMOVED", "#/" + entry.getKey(), false));
            } else {
                compareEnum("#/" + entry.getKey(), entry.getValue(), u, out);
            }
        }
        for (String name : uEnums.keySet()) {
            if (!oEnums.containsKey(name)) {
                out.add(new Difference("ENUM_ADDED", "#/" + name, true));
            }
        }
        return List.copyOf(out);
    }

    private static String syntax(ProtoFileElement file) {
        return file.getSyntax() == null ? "proto2" : file.getSyntax().toString();
    }

    private static void collect(
            List<TypeElement> types,
            String prefix,
            Map<String, MessageElement> messages,
            Map<String, EnumElement> enums) {
        for (TypeElement type : types) {
            String name = prefix + type.getName();
            if (type instanceof MessageElement message) {
                messages.put(name, message);
            } else if (type instanceof EnumElement enumElement) {
                enums.put(name, enumElement);
            }
            collect(type.getNestedTypes(), name + ".", messages, enums);
        }
    }

    private static void compareEnum(String path, EnumElement o, EnumElement u, List<Difference> out) {
        Map<String, Integer> uTags = new HashMap<>();
        for (EnumConstantElement constant : u.getConstants()) {
            uTags.put(constant.getName(), constant.getTag());
        }
        Set<String> oNames = new java.util.HashSet<>();
        for (EnumConstantElement constant : o.getConstants()) {
            oNames.add(constant.getName());
            Integer tag = uTags.get(constant.getName());
            if (tag == null) {
                out.add(new Difference("ENUM_CONST_REMOVED", path + "/" + constant.getName(), false));
            } else if (tag != constant.getTag()) {
                out.add(new Difference("ENUM_CONST_CHANGED", path + "/" + constant.getName(), false));
            }
        }
        for (EnumConstantElement constant : u.getConstants()) {
            if (!oNames.contains(constant.getName())) {
                out.add(new Difference("ENUM_CONST_ADDED", path + "/" + constant.getName(), true));
            }
        }
    }

    /** A field with the oneof it belongs to (null for none). */
    private record Member(FieldElement field, String oneOf) {}

    private static Map<Integer, Member> fieldsByTag(MessageElement message) {
        Map<Integer, Member> fields = new LinkedHashMap<>();
        for (FieldElement field : message.getFields()) {
            fields.put(field.getTag(), new Member(field, null));
        }
        for (OneOfElement oneOf : message.getOneOfs()) {
            for (FieldElement field : oneOf.getFields()) {
                fields.put(field.getTag(), new Member(field, oneOf.getName()));
            }
        }
        return fields;
    }

    private static void compareMessage(
            String path, MessageElement o, MessageElement u, String oPackage, String uPackage, List<Difference> out) {
        Map<Integer, Member> oFields = fieldsByTag(o);
        Map<Integer, Member> uFields = fieldsByTag(u);
        Set<String> oOneOfs = new java.util.HashSet<>();
        o.getOneOfs().forEach(oneOf -> oOneOfs.add(oneOf.getName()));
        Set<String> uOneOfs = new java.util.HashSet<>();
        u.getOneOfs().forEach(oneOf -> uOneOfs.add(oneOf.getName()));
        Map<String, Integer> movedIntoNewOneOf = new HashMap<>();

        for (Map.Entry<Integer, Member> entry : oFields.entrySet()) {
            String at = path + "/" + entry.getKey();
            Member om = entry.getValue();
            Member um = uFields.get(entry.getKey());
            if (um == null) {
                if (om.field().getLabel() == Field.Label.REQUIRED) {
                    out.add(new Difference("REQUIRED_FIELD_REMOVED", at, false));
                } else if (om.oneOf() != null) {
                    out.add(new Difference("ONEOF_FIELD_REMOVED", at, false));
                } else {
                    out.add(new Difference("FIELD_REMOVED", at, true));
                }
                continue;
            }
            compareField(at, om.field(), um.field(), oPackage, uPackage, out);
            if (om.oneOf() == null && um.oneOf() != null) {
                if (oOneOfs.contains(um.oneOf())) {
                    out.add(new Difference("FIELD_MOVED_TO_EXISTING_ONEOF", at, false));
                } else {
                    movedIntoNewOneOf.merge(um.oneOf(), 1, Integer::sum);
                }
            } else if (om.oneOf() != null && !Objects.equals(om.oneOf(), um.oneOf())) {
                out.add(new Difference("ONEOF_FIELD_REMOVED", at, false));
            }
        }
        movedIntoNewOneOf.forEach((oneOf, count) -> {
            if (count > 1) {
                out.add(new Difference("MULTIPLE_FIELDS_MOVED_TO_ONEOF", path + "/" + oneOf, false));
            }
        });
        for (Map.Entry<Integer, Member> entry : uFields.entrySet()) {
            if (oFields.containsKey(entry.getKey())) {
                continue;
            }
            String at = path + "/" + entry.getKey();
            Member um = entry.getValue();
            if (um.field().getLabel() == Field.Label.REQUIRED) {
                out.add(new Difference("REQUIRED_FIELD_ADDED", at, false));
            } else if (um.oneOf() != null && oOneOfs.contains(um.oneOf())) {
                out.add(new Difference("ONEOF_FIELD_ADDED", at, true));
            } else {
                out.add(new Difference("FIELD_ADDED", at, true));
            }
        }
        for (String oneOf : oOneOfs) {
            if (!uOneOfs.contains(oneOf)) {
                out.add(new Difference("ONEOF_REMOVED", path + "/" + oneOf, false));
            }
        }
        for (String oneOf : uOneOfs) {
            if (!oOneOfs.contains(oneOf)) {
                out.add(new Difference("ONEOF_ADDED", path + "/" + oneOf, true));
            }
        }
    }

    private static void compareField(
            String at, FieldElement o, FieldElement u, String oPackage, String uPackage, List<Difference> out) {
        if (!o.getName().equals(u.getName())) {
            out.add(new Difference("FIELD_NAME_CHANGED", at, true));
        }
        boolean oScalar = SCALARS.contains(o.getType());
        boolean uScalar = SCALARS.contains(u.getType());
        if (oScalar != uScalar) {
            out.add(new Difference("FIELD_KIND_CHANGED", at, false));
        } else if (oScalar) {
            if (!o.getType().equals(u.getType())) {
                out.add(new Difference("FIELD_SCALAR_KIND_CHANGED", at, false));
            }
        } else if (!typeName(o.getType(), oPackage).equals(typeName(u.getType(), uPackage))) {
            out.add(new Difference("FIELD_NAMED_TYPE_CHANGED", at, false));
        }
        if ((o.getLabel() == Field.Label.REPEATED) != (u.getLabel() == Field.Label.REPEATED)) {
            out.add(new Difference("FIELD_LABEL_CHANGED", at, false));
        }
    }

    /** A named type as written, without a leading dot or the file's own package, so equal types compare equal. */
    private static String typeName(String type, String packageName) {
        String name = type.startsWith(".") ? type.substring(1) : type;
        if (packageName != null && name.startsWith(packageName + ".")) {
            name = name.substring(packageName.length() + 1);
        }
        return name;
    }
}
