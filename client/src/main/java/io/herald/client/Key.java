package io.herald.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component whose value is the event's partition key: the Kafka record key and the CloudEvents
 * {@code partitionkey} extension. Events with the same key go to the same partition and are handled in order. Use it on
 * one component at most; for a key computed from several components implement {@link PartitionKey} instead.
 *
 * <pre>{@code record OrderPlaced(@Key String orderId, long amountCents) {}}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Key {}
