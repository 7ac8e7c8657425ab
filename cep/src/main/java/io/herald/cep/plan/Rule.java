package io.herald.cep.plan;

import java.util.Optional;

/**
 * A rule's plan: what the text says, resolved (defaults filled in), and nothing else. Two rules are equal when their
 * plans are; {@code RuleText.parse(RuleText.print(rule)).equals(rule)} holds for every valid rule.
 *
 * @param name the rule's name; also the prefix of its side topics ({@code <name>.late}, {@code <name>.overflow})
 * @param version increases with each change of the rule; part of every output id
 * @param source input topics and event time
 * @param partitionBy the field whose value is the key; empty for the record key
 * @param where the condition an event must meet to be considered at all
 * @param body filter, windowed aggregate, or pattern
 * @param select the output columns
 * @param emit when rows are written
 * @param into the output topic
 */
public record Rule(
        String name,
        int version,
        Source source,
        Optional<String> partitionBy,
        Optional<Expr> where,
        Body body,
        Projection select,
        Emit emit,
        String into) {

    /** Starts a rule in the Java API; {@link RuleBuilder#into} finishes and validates it. */
    public static RuleBuilder named(String name) {
        return new RuleBuilder(name);
    }

    /** The topic that receives this rule's late events. */
    public String lateTopic() {
        return name + ".late";
    }

    /** The topic that receives the events refused by the key cap. */
    public String overflowTopic() {
        return name + ".overflow";
    }

    /** The EMIT mode used when the text has no EMIT clause. */
    public static EmitMode defaultEmitMode(Body body) {
        return body instanceof Body.Windowed w && !(w.window() instanceof Window.Range)
                ? EmitMode.FINAL
                : EmitMode.ON_MATCH;
    }
}
