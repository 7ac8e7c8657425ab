package io.herald.client.internal;

import io.herald.client.EventHandler;
import io.herald.client.HandlesEvent;
import io.herald.client.IncomingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** Finds the {@link HandlesEvent} methods of an object and makes each an {@link EventHandler}. Stateless. */
public final class AnnotatedHandlers {
    private AnnotatedHandlers() {}

    /**
     * One found handler.
     *
     * @param eventClass the record class it handles
     * @param handler calls the method
     */
    public record Found(Class<?> eventClass, EventHandler<?> handler) {}

    /**
     * The handlers of {@code target}'s public and non-public {@link HandlesEvent} methods (declared on its class).
     *
     * @throws IllegalArgumentException if a method does not take exactly one record or {@code IncomingEvent<Record>},
     *     naming the method; or if there is none
     */
    public static List<Found> of(Object target) {
        List<Found> found = new ArrayList<>();
        for (Method method : target.getClass().getDeclaredMethods()) {
            if (method.isAnnotationPresent(HandlesEvent.class)) {
                found.add(handlerOf(target, method));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no method annotated @HandlesEvent");
        }
        return found;
    }

    private static Found handlerOf(Object target, Method method) {
        String name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        if (method.getParameterCount() != 1) {
            throw new IllegalArgumentException("@HandlesEvent method " + name + " must take one parameter, the event"
                    + " record or IncomingEvent<Record>; it takes " + method.getParameterCount());
        }
        method.setAccessible(true);
        Class<?> parameter = method.getParameterTypes()[0];
        if (parameter == IncomingEvent.class) {
            Class<?> eventClass = typeArgument(method.getGenericParameterTypes()[0], name);
            return new Found(eventClass, event -> invoke(target, method, event));
        }
        if (!parameter.isRecord()) {
            throw new IllegalArgumentException("@HandlesEvent method " + name + " must take a record or"
                    + " IncomingEvent<Record>, takes " + parameter.getName());
        }
        return new Found(parameter, event -> invoke(target, method, event.data()));
    }

    private static Class<?> typeArgument(Type type, String name) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> eventClass
                && eventClass.isRecord()) {
            return eventClass;
        }
        throw new IllegalArgumentException(
                "@HandlesEvent method " + name + " must name its record: IncomingEvent<OrderPlaced>, was " + type);
    }

    private static void invoke(Object target, Method method, Object argument) throws Exception {
        try {
            method.invoke(target, argument);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
