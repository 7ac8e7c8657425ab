package io.herald.cep.engine;

import io.herald.cep.engine.expr.Compiled;
import io.herald.cep.engine.expr.ExprCompiler;
import io.herald.cep.engine.expr.Scope;
import io.herald.cep.engine.expr.Values;
import io.herald.cep.plan.Contiguity;
import io.herald.cep.plan.Pattern;
import io.herald.cep.plan.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A pattern's steps with their conditions compiled, and the NFA's static structure: which steps a run can enter
 * next, when it is complete, and which absence guards it. Immutable; shared by all keys of a rule.
 */
final class CompiledPattern {
    /** One step: its plan, and its DEFINE and UNTIL conditions compiled (DEFINE absent: always true). */
    record CompiledStep(Step step, Compiled condition, Compiled until) {}

    /** A step a run may enter next, and how. */
    record Entry(int step, Contiguity contiguity) {}

    /** How a run at a step with enough events taken can finish. */
    enum Completion {
        /** Not yet: a required step remains. */
        NONE,
        /** Now: only optional steps remain. */
        NOW,
        /** When WITHIN runs out without the trailing absent event. */
        AT_DEADLINE
    }

    final List<CompiledStep> steps;
    final long withinMs;
    private final List<List<Entry>> entries = new ArrayList<>();
    private final List<Completion> completions = new ArrayList<>();

    CompiledPattern(Pattern pattern, ExprCompiler compiler) {
        List<CompiledStep> compiled = new ArrayList<>();
        for (Step s : pattern.steps()) {
            Compiled condition =
                    pattern.condition(s.variable()).map(compiler::compile).orElse(x -> true);
            Compiled until = s.until().map(compiler::compile).orElse(null);
            compiled.add(new CompiledStep(s, condition, until));
        }
        this.steps = List.copyOf(compiled);
        this.withinMs = pattern.within().map(d -> d.toMillis()).orElse(Long.MAX_VALUE);
        for (int i = 0; i < steps.size(); i++) {
            entries.add(entriesAfter(i));
            completions.add(completionAfter(i));
        }
    }

    /** The steps reachable from step i once its minimum is met: the next present step, and past optional ones. */
    private List<Entry> entriesAfter(int i) {
        List<Entry> out = new ArrayList<>();
        for (int j = i + 1; j < steps.size(); j++) {
            Step s = steps.get(j).step();
            if (s.absent()) {
                continue; // the validator ensures the step after an absence is required
            }
            out.add(new Entry(j, s.contiguity()));
            if (s.quantifier().min() > 0) {
                break;
            }
        }
        return List.copyOf(out);
    }

    private Completion completionAfter(int i) {
        for (int j = i + 1; j < steps.size(); j++) {
            Step s = steps.get(j).step();
            if (s.absent()) {
                return j == steps.size() - 1 ? Completion.AT_DEADLINE : Completion.NONE;
            }
            if (s.quantifier().min() > 0) {
                return Completion.NONE;
            }
        }
        return Completion.NOW;
    }

    List<Entry> entries(int step) {
        return entries.get(step);
    }

    /** How a run at this step can finish, once the step's minimum is met. */
    Completion completion(int step) {
        return completions.get(step);
    }

    /** The absence step guarding a run that has met step i's minimum, or null. */
    CompiledStep guard(int step) {
        int next = step + 1;
        return next < steps.size() && steps.get(next).step().absent() ? steps.get(next) : null;
    }

    /** Whether the run has met its current step's minimum. */
    boolean minimumMet(PartialMatch run) {
        return run.count() >= steps.get(run.step()).step().quantifier().min();
    }

    /** Whether the run's current step can take another event. */
    boolean canLoop(PartialMatch run) {
        return !run.loopClosed()
                && run.count() < steps.get(run.step()).step().quantifier().max();
    }

    /** A scope for a condition on event e: e's own fields, its own variable as e, earlier variables as bound. */
    static Scope conditionScope(Event e, String ownVariable, Binding bound, String key) {
        return new Scope() {
            @Override
            public Object field(String name) {
                return Values.normalize(e.fields().get(name));
            }

            @Override
            public Object field(String variable, String name) {
                Event source = variable.equals(ownVariable) ? e : bound == null ? null : bound.last(variable);
                return source == null ? null : Values.normalize(source.fields().get(name));
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
}
