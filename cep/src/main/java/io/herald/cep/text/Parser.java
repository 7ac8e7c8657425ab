package io.herald.cep.text;

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
import java.util.Optional;

/**
 * Recursive-descent parser of the grammar in {@code docs/cep.md}: one method per production. Produces the resolved
 * plan (defaults filled in); {@link io.herald.cep.plan.RuleValidator} runs afterwards.
 */
final class Parser {
    private final TokenCursor in;
    private final ExprParser exprs;

    private Parser(List<Token> tokens) {
        this.in = new TokenCursor(tokens);
        this.exprs = new ExprParser(in);
    }

    static Rule parse(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Rule rule = parser.rule();
        if (parser.in.peek().kind() != Token.Kind.END) {
            throw parser.in.error("the end of the rule");
        }
        return rule;
    }

    static Expr parseExpr(String text) {
        Parser parser = new Parser(Lexer.tokens(text));
        Expr expr = parser.exprs.expr();
        if (parser.in.peek().kind() != Token.Kind.END) {
            throw parser.in.error("an operator or the end of the expression");
        }
        return expr;
    }

    private Rule rule() {
        in.keyword("CREATE");
        in.keyword("RULE");
        String name = in.name("the rule's name");
        int version = 1;
        if (in.acceptWord("VERSION")) {
            version = (int) in.integer("a version number");
        }
        Source source = source();
        Optional<String> partitionBy = Optional.empty();
        if (in.acceptWord("PARTITION")) {
            in.keyword("BY");
            partitionBy = Optional.of(in.name("the field to partition by"));
        }
        Optional<Expr> where = in.acceptWord("WHERE") ? Optional.of(exprs.expr()) : Optional.empty();
        Body body = new Body.PerEvent();
        if (in.acceptWord("WINDOW")) {
            Window window = window();
            Optional<Expr> having = in.acceptWord("HAVING") ? Optional.of(exprs.expr()) : Optional.empty();
            body = new Body.Windowed(window, having);
        } else if (in.acceptWord("MATCH")) {
            body = new Body.Matching(pattern());
        }
        if (!in.peek().isWord("SELECT")) {
            throw in.error(body instanceof Body.PerEvent ? "WHERE, WINDOW, MATCH PATTERN or SELECT" : "SELECT");
        }
        in.keyword("SELECT");
        Projection select = select();
        Emit emit = new Emit(Rule.defaultEmitMode(body), Optional.empty());
        if (in.acceptWord("EMIT")) {
            emit = emit();
        }
        if (!in.peek().isWord("INTO")) {
            throw in.error(emit.mode() == Rule.defaultEmitMode(body) ? "EMIT or INTO" : "INTO");
        }
        in.keyword("INTO");
        String into = in.name("the output topic");
        return new Rule(name, version, source, partitionBy, where, body, select, emit, into);
    }

    private Source source() {
        in.keyword("FROM");
        List<String> topics = new ArrayList<>();
        topics.add(in.name("an input topic"));
        while (in.acceptSymbol(",")) {
            topics.add(in.name("an input topic"));
        }
        Optional<String> eventTime = Optional.empty();
        if (in.acceptWord("EVENT")) {
            in.keyword("TIME");
            eventTime = Optional.of(in.name("the event-time field"));
        }
        Duration lag = Duration.ZERO;
        if (in.acceptWord("WATERMARK")) {
            in.keyword("LAG");
            lag = in.duration();
        }
        Duration lateness = Duration.ZERO;
        if (in.acceptWord("ALLOWED")) {
            in.keyword("LATENESS");
            lateness = in.duration();
        }
        Duration idle = Source.DEFAULT_IDLE_TIMEOUT;
        if (in.acceptWord("IDLE")) {
            in.keyword("TIMEOUT");
            idle = in.duration();
        }
        return new Source(topics, eventTime, lag, lateness, idle);
    }

    private Window window() {
        if (in.acceptWord("TUMBLING")) {
            return new Window.Tumbling(in.duration());
        }
        if (in.acceptWord("HOPPING")) {
            Duration size = in.duration();
            in.keyword("ADVANCE");
            return new Window.Hopping(size, in.duration());
        }
        if (in.acceptWord("SESSION")) {
            in.keyword("GAP");
            return new Window.Session(in.duration());
        }
        if (in.acceptWord("RANGE")) {
            return new Window.Range(in.duration());
        }
        throw in.error("TUMBLING, HOPPING, SESSION or RANGE");
    }

    private Pattern pattern() {
        in.keyword("PATTERN");
        in.symbol("(");
        List<Step> steps = new ArrayList<>();
        steps.add(step(Contiguity.RELAXED));
        while (true) {
            Contiguity contiguity;
            if (in.acceptSymbol(",")) {
                contiguity = Contiguity.STRICT;
            } else if (in.acceptSymbol("->>")) {
                contiguity = Contiguity.ANY;
            } else if (in.acceptSymbol("->")) {
                contiguity = Contiguity.RELAXED;
            } else if (in.acceptSymbol(")")) {
                break;
            } else {
                throw in.error("',', '->', '->>' or ')'");
            }
            steps.add(step(contiguity));
        }
        Optional<Duration> within = in.acceptWord("WITHIN") ? Optional.of(in.duration()) : Optional.empty();
        List<Define> defines = new ArrayList<>();
        if (in.acceptWord("DEFINE")) {
            do {
                String variable = in.name("a pattern variable");
                in.keyword("AS");
                defines.add(new Define(variable, exprs.expr()));
            } while (in.acceptSymbol(","));
        }
        SkipStrategy skip = new SkipStrategy.PastLastEvent();
        if (in.acceptWord("AFTER")) {
            in.keyword("MATCH");
            skip = skip();
        }
        return new Pattern(steps, within, defines, skip);
    }

    private Step step(Contiguity contiguity) {
        if (in.acceptWord("NOT")) {
            return Step.absent(contiguity, in.name("a pattern variable"));
        }
        String variable = in.name("a pattern variable or NOT");
        Quantifier quantifier = Quantifier.ONE;
        if (in.acceptSymbol("?")) {
            quantifier = Quantifier.OPTIONAL;
        } else if (in.acceptSymbol("*")) {
            quantifier = Quantifier.ZERO_OR_MORE;
        } else if (in.acceptSymbol("+")) {
            quantifier = Quantifier.ONE_OR_MORE;
        } else if (in.peek().isSymbol("{")) {
            quantifier = braces();
        }
        Optional<Expr> until = in.acceptWord("UNTIL") ? Optional.of(exprs.expr()) : Optional.empty();
        return new Step(contiguity, variable, false, quantifier, until);
    }

    private Quantifier braces() {
        Token open = in.next();
        long min = in.integer("the least number of events");
        long max = min;
        if (in.acceptSymbol(",")) {
            max = in.peek().kind() == Token.Kind.INTEGER ? in.integer("the most events") : Quantifier.UNBOUNDED;
        }
        in.symbol("}");
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
        if (in.acceptWord("NO")) {
            in.keyword("SKIP");
            return new SkipStrategy.NoSkip();
        }
        in.keyword("SKIP");
        if (in.acceptWord("PAST")) {
            in.keyword("LAST");
            in.keyword("EVENT");
            return new SkipStrategy.PastLastEvent();
        }
        in.keyword("TO");
        if (in.acceptWord("NEXT")) {
            in.keyword("EVENT");
            return new SkipStrategy.ToNextEvent();
        }
        if (in.acceptWord("FIRST")) {
            return new SkipStrategy.ToFirst(in.name("a pattern variable"));
        }
        if (in.acceptWord("LAST")) {
            return new SkipStrategy.ToLast(in.name("a pattern variable"));
        }
        throw in.error("NEXT EVENT, FIRST <variable> or LAST <variable>");
    }

    private Projection select() {
        if (in.acceptSymbol("*")) {
            return new Projection.AllFields();
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            Expr expr = exprs.expr();
            Optional<String> alias = in.acceptWord("AS") ? Optional.of(in.name("a column name")) : Optional.empty();
            items.add(new SelectItem(expr, alias));
        } while (in.acceptSymbol(","));
        return new Projection.Columns(items);
    }

    private Emit emit() {
        EmitMode mode;
        if (in.acceptWord("ON")) {
            in.keyword("MATCH");
            mode = EmitMode.ON_MATCH;
        } else if (in.acceptWord("FINAL")) {
            mode = EmitMode.FINAL;
        } else if (in.acceptWord("CHANGES")) {
            mode = EmitMode.CHANGES;
        } else {
            throw in.error("ON MATCH, FINAL or CHANGES");
        }
        Optional<Duration> suppress = in.acceptWord("SUPPRESS") ? Optional.of(in.duration()) : Optional.empty();
        return new Emit(mode, suppress);
    }
}
