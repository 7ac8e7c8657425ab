package io.herald.cep.plan;

import java.util.Optional;

/** One output column: an expression and an optional name (default: the field name, or the expression's text). */
public record SelectItem(Expr expr, Optional<String> alias) {}
