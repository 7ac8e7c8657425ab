package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.Syntax;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Confluent's normalization of a {@code .proto} file, on Wire's elements: fields by number, oneofs by their first
 * field's number, enum constants by number then name, options by name, imports sorted without duplicates, named
 * field types written fully-qualified with a leading dot (so {@code Money} and {@code .shop.Money} are the same), and
 * no {@code syntax} line for proto2, its default. Messages and enums keep their order: a serializer's message indexes
 * point into it. Stateless.
 */
public final class ProtobufNormalizer {

    private ProtobufNormalizer() {}

    /** {@code file} normalized; its named types must resolve in {@code types} (the linker checked they do). */
    public static ProtoFileElement normalize(ProtoFileElement file, ProtoTypeTable types) {
        String packageName = file.getPackageName() == null ? "" : file.getPackageName();
        return file.copy(
                file.getLocation(),
                file.getPackageName(),
                file.getSyntax() == Syntax.PROTO_2 ? null : file.getSyntax(),
                file.getImports().stream().sorted().distinct().toList(),
                file.getPublicImports().stream().sorted().distinct().toList(),
                file.getWeakImports().stream().sorted().distinct().toList(),
                normalizeTypes(file.getTypes(), packageName, types),
                file.getServices(),
                file.getExtendDeclarations(),
                sortOptions(file.getOptions()));
    }

    private static List<TypeElement> normalizeTypes(List<TypeElement> elements, String scope, ProtoTypeTable types) {
        List<TypeElement> normalized = new ArrayList<>();
        for (TypeElement element : elements) {
            String fullName = scope.isEmpty() ? element.getName() : scope + "." + element.getName();
            if (element instanceof MessageElement message) {
                normalized.add(normalizeMessage(message, fullName, types));
            } else if (element instanceof EnumElement enumElement) {
                normalized.add(normalizeEnum(enumElement));
            } else {
                normalized.add(element);
            }
        }
        return normalized;
    }

    /**
     * Wire renders a message's fields and oneofs in the order of their source locations, so the sorted members get
     * new locations in their new order: fields first, then oneofs, as Confluent prints them.
     */
    private static MessageElement normalizeMessage(MessageElement message, String fullName, ProtoTypeTable types) {
        List<FieldElement> sortedFields = message.getFields().stream()
                .sorted(Comparator.comparingInt(FieldElement::getTag))
                .toList();
        int line = 1;
        List<FieldElement> fields = new ArrayList<>();
        for (FieldElement field : sortedFields) {
            fields.add(
                    normalizeField(field, fullName, types, message.getLocation().at(line++, 1)));
        }
        List<OneOfElement> sortedOneOfs = message.getOneOfs().stream()
                .sorted(Comparator.comparingInt(o -> o.getFields().isEmpty()
                        ? Integer.MAX_VALUE
                        : o.getFields().stream()
                                .mapToInt(FieldElement::getTag)
                                .min()
                                .getAsInt()))
                .toList();
        List<OneOfElement> oneOfs = new ArrayList<>();
        for (OneOfElement oneOf : sortedOneOfs) {
            Location oneOfLocation = message.getLocation().at(line++, 1);
            List<FieldElement> members = new ArrayList<>();
            for (FieldElement field : oneOf.getFields().stream()
                    .sorted(Comparator.comparingInt(FieldElement::getTag))
                    .toList()) {
                members.add(normalizeField(
                        field, fullName, types, message.getLocation().at(line++, 1)));
            }
            oneOfs.add(oneOf.copy(
                    oneOf.getName(),
                    oneOf.getDocumentation(),
                    members,
                    oneOf.getGroups(),
                    sortOptions(oneOf.getOptions()),
                    oneOfLocation));
        }
        return message.copy(
                message.getLocation(),
                message.getName(),
                message.getDocumentation(),
                normalizeTypes(message.getNestedTypes(), fullName, types),
                sortOptions(message.getOptions()),
                message.getReserveds(),
                fields,
                oneOfs,
                message.getExtensions(),
                message.getGroups(),
                message.getExtendDeclarations());
    }

    private static FieldElement normalizeField(
            FieldElement field, String scope, ProtoTypeTable types, Location location) {
        ProtoType type = ProtoType.Companion.get(field.getType());
        String normalizedType;
        if (type.isScalar()) {
            normalizedType = field.getType();
        } else if (type.isMap()) {
            normalizedType = "map<" + type.getKeyType() + ", " + qualified(type.getValueType(), scope, types) + ">";
        } else {
            normalizedType = qualified(type, scope, types);
        }
        return field.copy(
                location,
                field.getLabel(),
                normalizedType,
                field.getName(),
                field.getDefaultValue(),
                field.getJsonName(),
                field.getTag(),
                field.getDocumentation(),
                sortOptions(field.getOptions()));
    }

    /** A named type as {@code .package.Name}; as written when no file Herald has declares it (bundled types). */
    private static String qualified(ProtoType type, String scope, ProtoTypeTable types) {
        if (type.isScalar()) {
            return type.toString();
        }
        return types.resolve(type.toString(), scope)
                .map(info -> "." + info.fullName())
                .orElse(type.toString());
    }

    private static EnumElement normalizeEnum(EnumElement element) {
        List<EnumConstantElement> constants = element.getConstants().stream()
                .map(c -> c.copy(
                        c.getLocation(), c.getName(), c.getTag(), c.getDocumentation(), sortOptions(c.getOptions())))
                .sorted(Comparator.comparingInt(EnumConstantElement::getTag)
                        .thenComparing(EnumConstantElement::getName))
                .toList();
        return element.copy(
                element.getLocation(),
                element.getName(),
                element.getDocumentation(),
                sortOptions(element.getOptions()),
                constants,
                element.getReserveds());
    }

    private static List<OptionElement> sortOptions(List<OptionElement> options) {
        return options.stream()
                .sorted(Comparator.comparing(OptionElement::getName))
                .toList();
    }
}
