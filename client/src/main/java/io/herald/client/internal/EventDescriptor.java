package io.herald.client.internal;

import io.herald.client.EventType;
import io.herald.client.Key;
import io.herald.client.PartitionKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the SDK knows about one event class: its CloudEvents type, its data version and where its partition key comes
 * from. Descriptors are computed once per class and cached; thread-safe.
 *
 * @param type the CloudEvents {@code type}
 * @param version the version of the record's JSON shape
 * @param eventClass the record class
 * @param keyAccessor the accessor of the {@link Key} component, or {@code null}
 * @param dataSchema the {@code dataschema} URI that carries this type's version (made once: {@code URI.create} was 4%
 *     of a publish)
 */
public record EventDescriptor(String type, int version, Class<?> eventClass, Method keyAccessor, URI dataSchema) {
    private static final String SCHEMA_PREFIX = "urn:herald:event:";
    private static final ConcurrentHashMap<Class<?>, EventDescriptor> CACHE = new ConcurrentHashMap<>();

    /**
     * The descriptor of {@code eventClass}.
     *
     * @throws IllegalArgumentException if the class is not a record, has two {@link Key} components or a version
     *     below 1
     */
    public static EventDescriptor of(Class<?> eventClass) {
        return CACHE.computeIfAbsent(eventClass, EventDescriptor::describe);
    }

    private static EventDescriptor describe(Class<?> eventClass) {
        if (!eventClass.isRecord()) {
            throw new IllegalArgumentException(
                    "an event must be a Java record, " + eventClass.getName() + " is not; declare it as a record");
        }
        EventType annotation = eventClass.getAnnotation(EventType.class);
        String type =
                annotation == null || annotation.value().isEmpty() ? eventClass.getSimpleName() : annotation.value();
        int version = annotation == null ? 1 : annotation.version();
        if (version < 1) {
            throw new IllegalArgumentException(
                    "@EventType version must be >= 1, was " + version + " on " + eventClass.getName());
        }
        Method keyAccessor = null;
        for (RecordComponent component : eventClass.getRecordComponents()) {
            if (component.isAnnotationPresent(Key.class)) {
                if (keyAccessor != null) {
                    throw new IllegalArgumentException("only one component of " + eventClass.getName()
                            + " may be @Key; implement PartitionKey to combine several");
                }
                keyAccessor = component.getAccessor();
                keyAccessor.setAccessible(true);
            }
        }
        return new EventDescriptor(
                type, version, eventClass, keyAccessor, URI.create(SCHEMA_PREFIX + type + ":" + version));
    }

    /**
     * The data version written in a {@code dataschema} URI of this SDK's form; 1 if there is none (an event from a
     * producer that does not version its data).
     */
    public static int versionOf(URI dataSchema) {
        if (dataSchema == null || !dataSchema.toString().startsWith(SCHEMA_PREFIX)) {
            return 1;
        }
        String text = dataSchema.toString();
        try {
            return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The partition key of {@code event}: {@link PartitionKey} first, then the {@link Key} component; may be null. */
    public String partitionKey(Object event) {
        if (event instanceof PartitionKey keyed) {
            return keyed.partitionKey();
        }
        if (keyAccessor == null) {
            return null;
        }
        try {
            return Objects.toString(keyAccessor.invoke(event), null);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read the @Key component of " + eventClass.getName(), e);
        }
    }
}
