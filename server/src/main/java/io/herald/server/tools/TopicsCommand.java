package io.herald.server.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code herald topics}: the topic commands, like Kafka's {@code kafka-topics}, through the Admin client. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create, list, describe, alter and delete topics (any Kafka broker).",
        subcommands = {TopicsCreate.class, TopicsList.class, TopicsDescribe.class, TopicsAlter.class, TopicsDelete.class
        })
public final class TopicsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand: give one of create, list, describe, alter, delete");
    }
}
