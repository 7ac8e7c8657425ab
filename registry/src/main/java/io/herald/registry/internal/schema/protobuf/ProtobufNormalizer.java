package io.herald.registry.internal.schema.protobuf;

import com.squareup.wire.Syntax;
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

    private static MessageElement normalizeMessage(MessageElement message, String fullName, ProtoTypeTable types) {
        List<FieldElement> fields = message.getFields().stream()
                .map(f -> normalizeField(f, fullName, types))
                .sorted(Comparator.comparingInt(FieldElement::getTag))
                .toList();
        List<OneOfElement> oneOfs = message.getOneOfs().stream()
                .map(o -> o.copy(
                        o.getName(),
                        o.getDocumentation(),
                        o.getFields().stream()
                                .map(f -> normalizeField(f, fullName, types))
                                .sorted(Comparator.comparingInt(FieldElement::getTag))
                                .toList(),
                        o.getGroups(),
                        sortOptions(o.getOptions()),
                        o.getLocation()))
                .sorted(Comparator.comparingInt(o -> o.getFields().isEmpty()
                        ? Integer.MAX_VALUE
                        : o.getFields().getFirst().getTag()))
                .toList();
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

    private static FieldElement normalizeField(FieldElement field, String scope, ProtoTypeTable types) {
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
                field.getLocation(),
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
