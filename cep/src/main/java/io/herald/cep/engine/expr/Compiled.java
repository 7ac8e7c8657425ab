package io.herald.cep.engine.expr;

/** An expression compiled once to a closure tree; evaluating it does not look at the plan again. */
@FunctionalInterface
public interface Compiled {
    Object eval(Scope scope);

    /** Whether the value is TRUE in this scope. */
    default boolean test(Scope scope) {
        return Values.holds(eval(scope));
    }
}
