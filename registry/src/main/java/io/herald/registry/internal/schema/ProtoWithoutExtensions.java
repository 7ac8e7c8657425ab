package io.herald.registry.internal.schema;

import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.List;

/**
 * A {@code .proto} file without its extensions, Confluent's {@code ignore_extensions} format: no {@code extend}
 * blocks, no {@code extensions} ranges, and no custom (parenthesized) options but Confluent's own
 * ({@code confluent.*}), on the file, its messages, fields, oneofs, enums and enum constants. Services are kept as
 * written. Stateless.
 */
final class ProtoWithoutExtensions {

    private static final String CONFLUENT_OPTIONS = "confluent.";

    private ProtoWithoutExtensions() {}

    static String render(ProtoFileElement file) {
        return new ProtoFileElement(
                        file.getLocation(),
                        file.getPackageName(),
                        file.getSyntax(),
                        file.getImports(),
                        file.getPublicImports(),
                        file.getWeakImports(),
                        types(file.getTypes()),
                        file.getServices(),
                        List.of(),
                        options(file.getOptions()))
                .toSchema();
    }

    private static List<OptionElement> options(List<OptionElement> options) {
        return options.stream()
                .filter(option -> !option.isParenthesized() || option.getName().startsWith(CONFLUENT_OPTIONS))
                .toList();
    }

    private static List<TypeElement> types(List<TypeElement> types) {
        return types.stream().map(ProtoWithoutExtensions::type).toList();
    }

    private static TypeElement type(TypeElement type) {
        return switch (type) {
            case MessageElement message ->
                new MessageElement(
                        message.getLocation(),
                        message.getName(),
                        message.getDocumentation(),
                        types(message.getNestedTypes()),
                        options(message.getOptions()),
                        message.getReserveds(),
                        fields(message.getFields()),
                        message.getOneOfs().stream()
                                .map(oneOf -> new OneOfElement(
                                        oneOf.getName(),
                                        oneOf.getDocumentation(),
                                        fields(oneOf.getFields()),
                                        oneOf.getGroups(),
                                        options(oneOf.getOptions()),
                                        oneOf.getLocation()))
                                .toList(),
                        List.of(),
                        message.getGroups(),
                        List.of());
            case EnumElement enumType ->
                new EnumElement(
                        enumType.getLocation(),
                        enumType.getName(),
                        enumType.getDocumentation(),
                        options(enumType.getOptions()),
                        enumType.getConstants().stream()
                                .map(constant -> new EnumConstantElement(
                                        constant.getLocation(),
                                        constant.getName(),
                                        constant.getTag(),
                                        constant.getDocumentation(),
                                        options(constant.getOptions())))
                                .toList(),
                        enumType.getReserveds());
            default -> type;
        };
    }

    private static List<FieldElement> fields(List<FieldElement> fields) {
        return fields.stream()
                .map(field -> new FieldElement(
                        field.getLocation(),
                        field.getLabel(),
                        field.getType(),
                        field.getName(),
                        field.getDefaultValue(),
                        field.getJsonName(),
                        field.getTag(),
                        field.getDocumentation(),
                        options(field.getOptions())))
                .toList();
    }
}
