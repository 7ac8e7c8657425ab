package io.herald.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as the handler of one event type, for {@link EventSubscriber.Builder#handlers(Object)}. The method
 * takes one parameter, the event record ({@code void on(OrderPlaced event)}) or the whole
 * {@link IncomingEvent}{@code <OrderPlaced>} for its attributes; it may throw to have the event retried. The same rules
 * as for {@link EventHandler} apply.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HandlesEvent {}
