package io.herald.cep.engine;

import io.herald.cep.engine.expr.AggregateCall;
import io.herald.cep.engine.expr.Compiled;
import io.herald.cep.engine.expr.ExprCompiler;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.plan.Body;
import io.herald.cep.plan.Expr;
import io.herald.cep.plan.Projection;
import io.herald.cep.plan.Rule;
import io.herald.cep.plan.SelectItem;
import io.herald.cep.text.RuleText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's plan with every expression compiled once: WHERE, HAVING, the SELECT columns and the aggregate slots. Also
 * makes output ids and rows. Immutable after construction; shared by the processors of one engine.
 */
final class CompiledRule {
    /** One SELECT column. */
    record Column(String name, Compiled value) {}

    final Rule rule;
    final Compiled where;
    final Compiled having;
    /** Null for SELECT *. */
    final List<Column> columns;

    final List<AggregateCall> aggregates;
    final long latenessMs;
    /** -1 without SUPPRESS. */
    final long suppressMs;

    private final String idPrefix;

    CompiledRule(Rule rule) {
        this.rule = rule;
        ExprCompiler compiler = new ExprCompiler();
        this.where = rule.where().map(compiler::compile).orElse(s -> true);
        this.having = rule.body() instanceof Body.Windowed w
                ? w.having().map(compiler::compile).orElse(s -> true)
                : s -> true;
        if (rule.select() instanceof Projection.Columns c) {
            List<Column> cols = new ArrayList<>();
            for (SelectItem item : c.items()) {
                cols.add(new Column(columnName(item), compiler.compile(item.expr())));
            }
            this.columns = List.copyOf(cols);
        } else {
            this.columns = null;
        }
        this.aggregates = compiler.aggregates();
        this.latenessMs = rule.source().allowedLateness().toMillis();
        this.suppressMs = rule.emit().suppress().map(d -> d.toMillis()).orElse(-1L);
        this.idPrefix = rule.name() + "/" + rule.version() + "/";
    }

    private static String columnName(SelectItem item) {
        if (item.alias().isPresent()) {
            return item.alias().get();
        }
        if (item.expr() instanceof Expr.Field f) {
            return f.name();
        }
        return RuleText.print(item.expr());
    }

    /** The rule key: the PARTITION BY field as text, or the record key; {@code "null"} when missing. */
    String keyOf(Event e) {
        if (rule.partitionBy().isPresent()) {
            return String.valueOf(e.fields().get(rule.partitionBy().get()));
        }
        return String.valueOf(e.key());
    }

    /** {@code rule/version/key/what}. */
    String subject(String key, String what) {
        return idPrefix + key + "/" + what;
    }

    /** The SELECT columns evaluated in a scope (all fields for SELECT *). */
    Map<String, Object> project(Scope scope, Map<String, Object> eventFields) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (columns == null) {
            row.putAll(eventFields);
            return row;
        }
        for (Column c : columns) {
            row.put(c.name(), c.value().eval(scope));
        }
        return row;
    }

    /** A scope over one event's fields, with the rule key and event time as scalars. */
    static Scope eventScope(Event e, String key) {
        return new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(e.fields().get(name));
            }

            @Override
            public Object scalar(String function) {
                return switch (function) {
                    case "event_time" -> e.eventTimeMs();
                    case "rule_key" -> key;
                    default -> null;
                };
            }
        };
    }

    Output row(String key, String subject, String id, long eventTimeMs, Map<String, Object> fields) {
        return new Output(rule.into(), id, subject, Output.Kind.ROW, key, eventTimeMs, fields);
    }

    Output retraction(String key, String subject, String id, long eventTimeMs) {
        return new Output(rule.into(), id, subject, Output.Kind.RETRACTION, key, eventTimeMs, Map.of());
    }

    Output late(String key, Event e) {
        String subject = subject(key, "late/e" + e.coordinates());
        return new Output(rule.lateTopic(), subject, subject, Output.Kind.LATE, key, e.eventTimeMs(), e.fields());
    }

    Output overflow(String key, Event e) {
        String subject = subject(key, "overflow/e" + e.coordinates());
        return new Output(
                rule.overflowTopic(), subject, subject, Output.Kind.OVERFLOW, key, e.eventTimeMs(), e.fields());
    }
}
