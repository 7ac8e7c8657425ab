package io.herald.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a record's CloudEvents {@code type} and the version of its data. Without it, the type is the record's simple
 * name and the version is 1.
 *
 * <pre>{@code
 * @EventType(value = "OrderPlaced", version = 2)
 * record OrderPlaced(@Key String orderId, long amountCents) {}
 * }</pre>
 *
 * <p>The version travels in the event's {@code dataschema} ({@code urn:herald:event:OrderPlaced:2}); a subscriber that
 * reads an older version turns it into the current record with the {@link Upcasters} it was given.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** The CloudEvents {@code type}; empty means the record's simple name. */
    String value() default "";

    /** The version of this record's JSON shape, 1 or more; raise it when the shape changes and add an upcaster. */
    int version() default 1;
}
