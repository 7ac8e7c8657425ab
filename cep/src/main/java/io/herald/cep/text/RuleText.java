package io.herald.cep.text;

import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.RuleValidator;

/** The text form of rules: parse it to a validated plan, print a plan back to text. Thread-safe (stateless). */
public final class RuleText {
    private RuleText() {}

    /**
     * Parses and validates a rule.
     *
     * @throws RuleSyntaxException when the text does not follow the grammar (with line, column and what was expected)
     * @throws io.herald.cep.plan.InvalidRuleException when the rule parses but cannot run (with the reason)
     */
    public static Rule parse(String text) {
        Rule rule = Parser.parse(text);
        RuleValidator.validate(rule);
        return rule;
    }

    /** Parses one expression, as in a WHERE clause; not validated. */
    public static Expr parseExpression(String text) {
        return Parser.parseExpr(text);
    }

    /** The rule as text, one clause per line; {@code parse(print(rule))} equals {@code rule}. */
    public static String print(Rule rule) {
        return Printer.print(rule);
    }

    /** One expression as text, with only the brackets precedence needs. */
    public static String print(Expr expr) {
        return Printer.expr(expr);
    }
}
