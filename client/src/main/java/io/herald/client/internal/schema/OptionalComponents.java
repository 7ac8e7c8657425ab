package io.herald.client.internal.schema;

import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which record components the schema generators treat as optional: {@code Optional}, {@code OptionalInt},
 * {@code OptionalLong}, {@code OptionalDouble}, and components annotated with any annotation named {@code Nullable}
 * (JSpecify, Jakarta, JSR-305, JetBrains...: matched by simple name, so none of them is a dependency). Stateless.
 */
public final class OptionalComponents {
    private OptionalComponents() {}

    /** Whether {@code component} may be absent. */
    public static boolean isOptional(RecordComponent component) {
        Class<?> type = component.getType();
        return type == Optional.class
                || type == OptionalInt.class
                || type == OptionalLong.class
                || type == OptionalDouble.class
                || hasNullable(component.getAnnotations())
                || hasNullable(component.getAnnotatedType().getAnnotations());
    }

    /** The type of the value a component holds: the {@code Optional}'s argument, or the component's own type. */
    public static Type valueType(RecordComponent component) {
        Type type = component.getGenericType();
        if (type == OptionalInt.class) {
            return int.class;
        }
        if (type == OptionalLong.class) {
            return long.class;
        }
        if (type == OptionalDouble.class) {
            return double.class;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return parameterized.getActualTypeArguments()[0];
        }
        return type;
    }

    private static boolean hasNullable(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }
}
