package io.herald.cep.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link Rule} clause by clause, in the order of the text. Not thread-safe; use one per rule.
 *
 * <pre>{@code
 * Rule.named("big_orders").from("orders").where(field("amount").gt(1000)).selectAll().into("big_orders");
 * }</pre>
 */
public final class RuleBuilder {
    private final String name;
    private int version = 1;
    private final List<String> topics = new ArrayList<>();
    private Optional<String> eventTimeField = Optional.empty();
    private Duration watermarkLag = Duration.ZERO;
    private Duration allowedLateness = Duration.ZERO;
    private Duration idleTimeout = Source.DEFAULT_IDLE_TIMEOUT;
    private Optional<String> partitionBy = Optional.empty();
    private Optional<Expr> where = Optional.empty();
    private Window window;
    private Optional<Expr> having = Optional.empty();
    private Pattern pattern;
    private Projection select;
    private Emit emit;

    RuleBuilder(String name) {
        this.name = name;
    }

    /** {@code VERSION n}; default 1. Bump it when the rule changes: it is part of every output id. */
    public RuleBuilder version(int version) {
        this.version = version;
        return this;
    }

    /** {@code FROM topic, ...}: the input topics. */
    public RuleBuilder from(String... topics) {
        this.topics.addAll(Arrays.asList(topics));
        return this;
    }

    /** Event time from this field (epoch milliseconds) instead of the record timestamp. */
    public RuleBuilder eventTime(String field) {
        this.eventTimeField = Optional.of(field);
        return this;
    }

    /** {@code WATERMARK LAG d}: how far a partition's watermark trails its largest event time; default 0. */
    public RuleBuilder watermarkLag(Duration lag) {
        this.watermarkLag = lag;
        return this;
    }

    /** {@code ALLOWED LATENESS d}: how far below the watermark an event still updates windows; default 0. */
    public RuleBuilder allowedLateness(Duration lateness) {
        this.allowedLateness = lateness;
        return this;
    }

    /** {@code IDLE TIMEOUT d}: silence after which a partition stops holding the watermark; default 1m. */
    public RuleBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        return this;
    }

    /** {@code PARTITION BY field}: the key; default the record key. */
    public RuleBuilder partitionBy(String field) {
        this.partitionBy = Optional.of(field);
        return this;
    }

    /** {@code WHERE condition}: events that fail it are not considered at all. */
    public RuleBuilder where(Expr condition) {
        this.where = Optional.of(condition);
        return this;
    }

    /** {@code WINDOW ...}: makes this a windowed aggregate rule. */
    public RuleBuilder window(Window window) {
        this.window = window;
        return this;
    }

    /** {@code HAVING condition} over the window's aggregates. */
    public RuleBuilder having(Expr condition) {
        this.having = Optional.of(condition);
        return this;
    }

    /** {@code MATCH PATTERN ...}: makes this a pattern rule. */
    public RuleBuilder pattern(Pattern pattern) {
        this.pattern = pattern;
        return this;
    }

    /** {@code MATCH PATTERN ...} from a pattern builder. */
    public RuleBuilder pattern(PatternBuilder pattern) {
        return pattern(pattern.build());
    }

    /** The output columns: each an {@link Expr} (named after itself) or a {@link SelectItem} ({@code expr.as(n)}). */
    public RuleBuilder select(Object... columns) {
        List<SelectItem> items = new ArrayList<>();
        for (Object column : columns) {
            items.add(
                    switch (column) {
                        case SelectItem item -> item;
                        case Expr expr -> new SelectItem(expr, Optional.empty());
                        default ->
                            throw new IllegalArgumentException(
                                    "a SELECT column is an Expr or a SelectItem, was " + column);
                    });
        }
        this.select = new Projection.Columns(items);
        return this;
    }

    /** {@code SELECT *}. */
    public RuleBuilder selectAll() {
        this.select = new Projection.AllFields();
        return this;
    }

    /** {@code EMIT ...}; default ON MATCH (FINAL for tumbling, hopping and session windows). */
    public RuleBuilder emit(Emit emit) {
        this.emit = emit;
        return this;
    }

    /**
     * Names the output topic and returns the validated rule.
     *
     * @throws InvalidRuleException when the rule cannot run, with the reason
     */
    public Rule into(String topic) {
        if (window != null && pattern != null) {
            throw new InvalidRuleException(
                    "rule " + name + " has both a WINDOW and a PATTERN; a rule has one or neither");
        }
        if (having.isPresent() && window == null) {
            throw new InvalidRuleException("rule " + name + " has HAVING without WINDOW; use WHERE to filter events");
        }
        Body body = window != null
                ? new Body.Windowed(window, having)
                : pattern != null ? new Body.Matching(pattern) : new Body.PerEvent();
        if (select == null) {
            throw new InvalidRuleException("rule " + name + " has no SELECT; call select(...) or selectAll()");
        }
        Emit resolvedEmit = emit != null ? emit : new Emit(Rule.defaultEmitMode(body), Optional.empty());
        Source source = new Source(topics, eventTimeField, watermarkLag, allowedLateness, idleTimeout);
        Rule rule = new Rule(name, version, source, partitionBy, where, body, select, resolvedEmit, topic);
        RuleValidator.validate(rule);
        return rule;
    }
}
