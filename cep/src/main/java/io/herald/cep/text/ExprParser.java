package io.herald.cep.text;

import io.herald.cep.plan.BinaryOp;
import io.herald.cep.plan.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expressions, one method per precedence level, lowest first: OR, AND, NOT, comparison, sum, product, unary,
 * primary. Nesting is limited so that hostile text cannot exhaust the stack. Not thread-safe; one per parse.
 */
final class ExprParser {
    private static final Map<String, BinaryOp> COMPARISONS = Map.of(
            "=",
            BinaryOp.EQ,
            "!=",
            BinaryOp.NE,
            "<>",
            BinaryOp.NE,
            "<",
            BinaryOp.LT,
            "<=",
            BinaryOp.LE,
            ">",
            BinaryOp.GT,
            ">=",
            BinaryOp.GE);

    /** Deeper nesting is refused rather than risking the parser's stack on hostile input. */
    static final int MAX_NESTING = 100;

    private final TokenCursor in;
    private int nesting;

    ExprParser(TokenCursor in) {
        this.in = in;
    }

    Expr expr() {
        Expr left = andExpr();
        while (in.acceptWord("OR")) {
            left = new Expr.Binary(BinaryOp.OR, left, andExpr());
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = notExpr();
        while (in.acceptWord("AND")) {
            left = new Expr.Binary(BinaryOp.AND, left, notExpr());
        }
        return left;
    }

    private Expr notExpr() {
        if (in.peek().isWord("NOT")) {
            enter();
            in.next();
            Expr operand = notExpr();
            nesting--;
            return new Expr.Not(operand);
        }
        return comparison();
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw in.error("an expression nested at most " + MAX_NESTING + " deep");
        }
    }

    private Expr comparison() {
        Expr left = sum();
        Token t = in.peek();
        if (t.kind() == Token.Kind.SYMBOL && COMPARISONS.containsKey(t.text())) {
            in.next();
            return new Expr.Binary(COMPARISONS.get(t.text()), left, sum());
        }
        if (t.isWord("IS")) {
            in.next();
            boolean negated = in.acceptWord("NOT");
            in.keyword("NULL");
            return new Expr.IsNull(left, negated);
        }
        boolean negated = false;
        if (t.isWord("NOT") && in.peekAt(1).isWord("IN")) {
            in.next();
            negated = true;
        }
        if (in.acceptWord("IN")) {
            in.symbol("(");
            List<Expr.Literal> values = new ArrayList<>();
            do {
                values.add(literalForList());
            } while (in.acceptSymbol(","));
            in.symbol(")");
            return new Expr.In(left, values, negated);
        }
        return left;
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            if (in.acceptSymbol("+")) {
                left = new Expr.Binary(BinaryOp.ADD, left, product());
            } else if (in.acceptSymbol("-")) {
                left = new Expr.Binary(BinaryOp.SUB, left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            if (in.acceptSymbol("*")) {
                left = new Expr.Binary(BinaryOp.MUL, left, unary());
            } else if (in.acceptSymbol("/")) {
                left = new Expr.Binary(BinaryOp.DIV, left, unary());
            } else if (in.acceptSymbol("%")) {
                left = new Expr.Binary(BinaryOp.MOD, left, unary());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        if (in.acceptSymbol("-")) {
            Token t = in.peek();
            // "-5" is the literal -5, so that a printed negative literal parses back to itself
            if (t.kind() == Token.Kind.INTEGER || t.kind() == Token.Kind.DECIMAL) {
                in.next();
                return number(t, "-" + t.text());
            }
            enter();
            Expr operand = unary();
            nesting--;
            return new Expr.Negate(operand);
        }
        return primary();
    }

    private Expr primary() {
        Token t = in.peek();
        switch (t.kind()) {
            case INTEGER, DECIMAL -> {
                in.next();
                return number(t, t.text());
            }
            case STRING -> {
                in.next();
                return new Expr.Literal(t.text());
            }
            case SYMBOL -> {
                if (in.peek().isSymbol("(")) {
                    enter();
                    in.next();
                    Expr inner = expr();
                    in.symbol(")");
                    nesting--;
                    return inner;
                }
                throw in.error("a value, a field, a function call or '('");
            }
            case WORD, QUOTED_NAME -> {
                if (t.kind() == Token.Kind.WORD) {
                    if (in.acceptWord("TRUE")) {
                        return new Expr.Literal(true);
                    }
                    if (in.acceptWord("FALSE")) {
                        return new Expr.Literal(false);
                    }
                    if (in.acceptWord("NULL")) {
                        return new Expr.Literal(null);
                    }
                    if (in.peekAt(1).isSymbol("(")) {
                        return call();
                    }
                }
                String first = in.name("a field");
                if (in.acceptSymbol(".")) {
                    return new Expr.Field(Optional.of(first), in.name("a field of " + first));
                }
                return new Expr.Field(Optional.empty(), first);
            }
            default -> throw in.error("a value, a field, a function call or '('");
        }
    }

    private Expr call() {
        String function = in.next().text();
        in.symbol("(");
        if (in.acceptSymbol("*")) {
            in.symbol(")");
            return new Expr.Call(function, false, List.of());
        }
        if (in.acceptSymbol(")")) {
            return new Expr.Call(function, false, List.of());
        }
        boolean distinct = in.acceptWord("DISTINCT");
        List<Expr> args = new ArrayList<>();
        do {
            args.add(expr());
        } while (in.acceptSymbol(","));
        in.symbol(")");
        return new Expr.Call(function, distinct, args);
    }

    Expr.Literal literalForList() {
        Token t = in.peek();
        Expr e = unary();
        if (e instanceof Expr.Literal l) {
            return l;
        }
        throw new RuleSyntaxException(t.line(), t.column(), "a literal value in the IN list", t.describe());
    }

    private Expr.Literal number(Token t, String text) {
        try {
            if (t.kind() == Token.Kind.INTEGER) {
                return new Expr.Literal(Long.parseLong(text));
            }
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return new Expr.Literal(value);
        } catch (NumberFormatException e) {
            throw new RuleSyntaxException(t.line(), t.column(), "a number that fits in 64 bits", t.describe());
        }
    }
}
