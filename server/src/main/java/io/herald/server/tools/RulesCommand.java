package io.herald.server.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code herald rules}: deploy, list, describe, pause, resume and drop the CEP rules a Herald server hosts. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Deploy, list, describe, pause, resume and drop the CEP rules hosted by herald server"
                + " (its HTTP API, /api/rules).",
        subcommands = {
            RulesDeploy.class,
            RulesList.class,
            RulesDescribe.class,
            RulesPause.class,
            RulesResume.class,
            RulesDrop.class
        })
public final class RulesCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand: give one of deploy, list, describe, pause, resume, drop");
    }
}
