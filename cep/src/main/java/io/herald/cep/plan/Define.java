package io.herald.cep.plan;

/** {@code DEFINE variable AS condition}. */
public record Define(String variable, Expr condition) {}
