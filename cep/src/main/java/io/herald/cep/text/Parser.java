package io.herald.cep.text;

import io.herald.cep.plan.BinaryOp;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Define;
import io.herald.cep.plan.Emit;
import io.herald.cep.plan.EmitMode;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Projection;
import io.herald.cep.plan.Quantifier;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.SelectItem;
import io.herald.cep.plan.SkipStrategy;
import io.herald.cep.plan.Source;
import io.herald.cep.plan.Step;
import io.herald.cep.plan.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recursive-descent parser of the grammar in {@code docs/cep.md}: one method per production. Produces the resolved
 * plan (defaults filled in); {@link io.herald.cep.plan.RuleValidator} runs afterwards.
 */
final class Parser {
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

    private final List<Token> tokens;
    private int index;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Rule parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Rule rule = parser.rule();
        if (parser.peek().kind() != Token.Kind.END) {
            throw parser.error("the end of the rule");
        }
        return rule;
    }

    static Expr parseExpr(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Expr expr = parser.expr();
        if (parser.peek().kind() != Token.Kind.END) {
            throw parser.error("an operator or the end of the expression");
        }
        return expr;
    }

    // ---- clauses ----

    private Rule rule() {
        keyword("CREATE");
        keyword("RULE");
        String name = name("the rule's name");
        int version = 1;
        if (acceptWord("VERSION")) {
            version = (int) integer("a version number");
        }
        Source source = source();
        Optional<String> partitionBy = Optional.empty();
        if (acceptWord("PARTITION")) {
            keyword("BY");
            partitionBy = Optional.of(name("the field to partition by"));
        }
        Optional<Expr> where = acceptWord("WHERE") ? Optional.of(expr()) : Optional.empty();
        Body body = new Body.PerEvent();
        if (acceptWord("WINDOW")) {
            Window window = window();
            Optional<Expr> having = acceptWord("HAVING") ? Optional.of(expr()) : Optional.empty();
            body = new Body.Windowed(window, having);
        } else if (acceptWord("MATCH")) {
            body = new Body.Matching(pattern());
        }
        if (!peek().isWord("SELECT")) {
            throw error(body instanceof Body.PerEvent ? "WHERE, WINDOW, MATCH PATTERN or SELECT" : "SELECT");
        }
        keyword("SELECT");
        Projection select = select();
        Emit emit = new Emit(Rule.defaultEmitMode(body), Optional.empty());
        if (acceptWord("EMIT")) {
            emit = emit();
        }
        if (!peek().isWord("INTO")) {
            throw error(emit.mode() == Rule.defaultEmitMode(body) ? "EMIT or INTO" : "INTO");
        }
        keyword("INTO");
        String into = name("the output topic");
        return new Rule(name, version, source, partitionBy, where, body, select, emit, into);
    }

    private Source source() {
        keyword("FROM");
        List<String> topics = new ArrayList<>();
        topics.add(name("an input topic"));
        while (acceptSymbol(",")) {
            topics.add(name("an input topic"));
        }
        Optional<String> eventTime = Optional.empty();
        if (acceptWord("EVENT")) {
            keyword("TIME");
            eventTime = Optional.of(name("the event-time field"));
        }
        Duration lag = Duration.ZERO;
        if (acceptWord("WATERMARK")) {
            keyword("LAG");
            lag = duration();
        }
        Duration lateness = Duration.ZERO;
        if (acceptWord("ALLOWED")) {
            keyword("LATENESS");
            lateness = duration();
        }
        Duration idle = Source.DEFAULT_IDLE_TIMEOUT;
        if (acceptWord("IDLE")) {
            keyword("TIMEOUT");
            idle = duration();
        }
        return new Source(topics, eventTime, lag, lateness, idle);
    }

    private Window window() {
        if (acceptWord("TUMBLING")) {
            return new Window.Tumbling(duration());
        }
        if (acceptWord("HOPPING")) {
            Duration size = duration();
            keyword("ADVANCE");
            return new Window.Hopping(size, duration());
        }
        if (acceptWord("SESSION")) {
            keyword("GAP");
            return new Window.Session(duration());
        }
        if (acceptWord("RANGE")) {
            return new Window.Range(duration());
        }
        throw error("TUMBLING, HOPPING, SESSION or RANGE");
    }

    private Pattern pattern() {
        keyword("PATTERN");
        symbol("(");
        List<Step> steps = new ArrayList<>();
        steps.add(step(Contiguity.RELAXED));
        while (true) {
            Contiguity contiguity;
            if (acceptSymbol(",")) {
                contiguity = Contiguity.STRICT;
            } else if (acceptSymbol("->>")) {
                contiguity = Contiguity.ANY;
            } else if (acceptSymbol("->")) {
                contiguity = Contiguity.RELAXED;
            } else if (acceptSymbol(")")) {
                break;
            } else {
                throw error("',', '->', '->>' or ')'");
            }
            steps.add(step(contiguity));
        }
        Optional<Duration> within = acceptWord("WITHIN") ? Optional.of(duration()) : Optional.empty();
        List<Define> defines = new ArrayList<>();
        if (acceptWord("DEFINE")) {
            do {
                String variable = name("a pattern variable");
                keyword("AS");
                defines.add(new Define(variable, expr()));
            } while (acceptSymbol(","));
        }
        SkipStrategy skip = new SkipStrategy.PastLastEvent();
        if (acceptWord("AFTER")) {
            keyword("MATCH");
            skip = skip();
        }
        return new Pattern(steps, within, defines, skip);
    }

    private Step step(Contiguity contiguity) {
        if (acceptWord("NOT")) {
            return Step.absent(contiguity, name("a pattern variable"));
        }
        String variable = name("a pattern variable or NOT");
        Quantifier quantifier = Quantifier.ONE;
        if (acceptSymbol("?")) {
            quantifier = Quantifier.OPTIONAL;
        } else if (acceptSymbol("*")) {
            quantifier = Quantifier.ZERO_OR_MORE;
        } else if (acceptSymbol("+")) {
            quantifier = Quantifier.ONE_OR_MORE;
        } else if (peek().isSymbol("{")) {
            quantifier = braces();
        }
        Optional<Expr> until = acceptWord("UNTIL") ? Optional.of(expr()) : Optional.empty();
        return new Step(contiguity, variable, false, quantifier, until);
    }

    private Quantifier braces() {
        Token open = next();
        long min = integer("the least number of events");
        long max = min;
        if (acceptSymbol(",")) {
            max = peek().kind() == Token.Kind.INTEGER ? integer("the most events") : Quantifier.UNBOUNDED;
        }
        symbol("}");
        if (max < 1 || max < min || max > Quantifier.UNBOUNDED) {
            throw new RuleSyntaxException(
                    open.line(),
                    open.column(),
                    "{min,max} with 0 <= min <= max and max >= 1",
                    "{" + min + "," + max + "}");
        }
        return new Quantifier((int) min, (int) max);
    }

    private SkipStrategy skip() {
        if (acceptWord("NO")) {
            keyword("SKIP");
            return new SkipStrategy.NoSkip();
        }
        keyword("SKIP");
        if (acceptWord("PAST")) {
            keyword("LAST");
            keyword("EVENT");
            return new SkipStrategy.PastLastEvent();
        }
        keyword("TO");
        if (acceptWord("NEXT")) {
            keyword("EVENT");
            return new SkipStrategy.ToNextEvent();
        }
        if (acceptWord("FIRST")) {
            return new SkipStrategy.ToFirst(name("a pattern variable"));
        }
        if (acceptWord("LAST")) {
            return new SkipStrategy.ToLast(name("a pattern variable"));
        }
        throw error("NEXT EVENT, FIRST <variable> or LAST <variable>");
    }

    private Projection select() {
        if (acceptSymbol("*")) {
            return new Projection.AllFields();
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            Expr expr = expr();
            Optional<String> alias = acceptWord("AS") ? Optional.of(name("a column name")) : Optional.empty();
            items.add(new SelectItem(expr, alias));
        } while (acceptSymbol(","));
        return new Projection.Columns(items);
    }

    private Emit emit() {
        EmitMode mode;
        if (acceptWord("ON")) {
            keyword("MATCH");
            mode = EmitMode.ON_MATCH;
        } else if (acceptWord("FINAL")) {
            mode = EmitMode.FINAL;
        } else if (acceptWord("CHANGES")) {
            mode = EmitMode.CHANGES;
        } else {
            throw error("ON MATCH, FINAL or CHANGES");
        }
        Optional<Duration> suppress = acceptWord("SUPPRESS") ? Optional.of(duration()) : Optional.empty();
        return new Emit(mode, suppress);
    }

    // ---- expressions, lowest precedence first ----

    private Expr expr() {
        Expr left = andExpr();
        while (acceptWord("OR")) {
            left = new Expr.Binary(BinaryOp.OR, left, andExpr());
        }
        return left;
    }

    private Expr andExpr() {
        Expr left = notExpr();
        while (acceptWord("AND")) {
            left = new Expr.Binary(BinaryOp.AND, left, notExpr());
        }
        return left;
    }

    private Expr notExpr() {
        if (peek().isWord("NOT")) {
            enter();
            next();
            Expr operand = notExpr();
            nesting--;
            return new Expr.Not(operand);
        }
        return comparison();
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw error("an expression nested at most " + MAX_NESTING + " deep");
        }
    }

    private Expr comparison() {
        Expr left = sum();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && COMPARISONS.containsKey(t.text())) {
            next();
            return new Expr.Binary(COMPARISONS.get(t.text()), left, sum());
        }
        if (t.isWord("IS")) {
            next();
            boolean negated = acceptWord("NOT");
            keyword("NULL");
            return new Expr.IsNull(left, negated);
        }
        boolean negated = false;
        if (t.isWord("NOT") && peekAt(1).isWord("IN")) {
            next();
            negated = true;
        }
        if (acceptWord("IN")) {
            symbol("(");
            List<Expr.Literal> values = new ArrayList<>();
            do {
                values.add(literalForList());
            } while (acceptSymbol(","));
            symbol(")");
            return new Expr.In(left, values, negated);
        }
        return left;
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            if (acceptSymbol("+")) {
                left = new Expr.Binary(BinaryOp.ADD, left, product());
            } else if (acceptSymbol("-")) {
                left = new Expr.Binary(BinaryOp.SUB, left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            if (acceptSymbol("*")) {
                left = new Expr.Binary(BinaryOp.MUL, left, unary());
            } else if (acceptSymbol("/")) {
                left = new Expr.Binary(BinaryOp.DIV, left, unary());
            } else if (acceptSymbol("%")) {
                left = new Expr.Binary(BinaryOp.MOD, left, unary());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        if (acceptSymbol("-")) {
            Token t = peek();
            // "-5" is the literal -5, so that a printed negative literal parses back to itself
            if (t.kind() == Token.Kind.INTEGER || t.kind() == Token.Kind.DECIMAL) {
                next();
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
        Token t = peek();
        switch (t.kind()) {
            case INTEGER, DECIMAL -> {
                next();
                return number(t, t.text());
            }
            case STRING -> {
                next();
                return new Expr.Literal(t.text());
            }
            case SYMBOL -> {
                if (peek().isSymbol("(")) {
                    enter();
                    next();
                    Expr inner = expr();
                    symbol(")");
                    nesting--;
                    return inner;
                }
                throw error("a value, a field, a function call or '('");
            }
            case WORD, QUOTED_NAME -> {
                if (t.kind() == Token.Kind.WORD) {
                    if (acceptWord("TRUE")) {
                        return new Expr.Literal(true);
                    }
                    if (acceptWord("FALSE")) {
                        return new Expr.Literal(false);
                    }
                    if (acceptWord("NULL")) {
                        return new Expr.Literal(null);
                    }
                    if (peekAt(1).isSymbol("(")) {
                        return call();
                    }
                }
                String first = name("a field");
                if (acceptSymbol(".")) {
                    return new Expr.Field(Optional.of(first), name("a field of " + first));
                }
                return new Expr.Field(Optional.empty(), first);
            }
            default -> throw error("a value, a field, a function call or '('");
        }
    }

    private Expr call() {
        String function = next().text();
        symbol("(");
        if (acceptSymbol("*")) {
            symbol(")");
            return new Expr.Call(function, false, List.of());
        }
        if (acceptSymbol(")")) {
            return new Expr.Call(function, false, List.of());
        }
        boolean distinct = acceptWord("DISTINCT");
        List<Expr> args = new ArrayList<>();
        do {
            args.add(expr());
        } while (acceptSymbol(","));
        symbol(")");
        return new Expr.Call(function, distinct, args);
    }

    private Expr.Literal literalForList() {
        Token t = peek();
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

    // ---- tokens ----

    private Duration duration() {
        Token t = peek();
        if (t.kind() != Token.Kind.DURATION) {
            throw error("a duration such as 500ms, 5s, 1m, 2h or 1d");
        }
        next();
        String text = t.text();
        int unitStart = 0;
        while (Character.isDigit(text.charAt(unitStart))) {
            unitStart++;
        }
        long amount;
        try {
            amount = Long.parseLong(text.substring(0, unitStart));
            return switch (text.substring(unitStart)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RuleSyntaxException(t.line(), t.column(), "a duration that fits in 64 bits", t.describe());
        }
    }

    private long integer(String what) {
        Token t = peek();
        if (t.kind() != Token.Kind.INTEGER) {
            throw error(what);
        }
        next();
        try {
            long value = Long.parseLong(t.text());
            if (value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RuleSyntaxException(
                    t.line(), t.column(), what + " (at most " + Integer.MAX_VALUE + ")", t.describe());
        }
    }

    private String name(String what) {
        Token t = peek();
        if (t.kind() == Token.Kind.QUOTED_NAME || (t.kind() == Token.Kind.WORD && !Keywords.isReserved(t.text()))) {
            next();
            return t.text();
        }
        throw error(
                t.kind() == Token.Kind.WORD
                        ? what + " (a keyword as a name goes in backquotes: `" + t.text() + "`)"
                        : what);
    }

    private void keyword(String keyword) {
        if (!acceptWord(keyword)) {
            throw error(keyword);
        }
    }

    private void symbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error("'" + symbol + "'");
        }
    }

    private boolean acceptWord(String keyword) {
        if (peek().isWord(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(index++);
    }

    private RuleSyntaxException error(String expected) {
        Token t = peek();
        return new RuleSyntaxException(t.line(), t.column(), expected, t.describe());
    }
}
