package io.herald.server.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald groups}: the consumer group commands, like Kafka's {@code kafka-consumer-groups}, through the Admin
 * client.
 */
@Command(
        name = "groups",
        mixinStandardHelpOptions = true,
        description = "List, describe, reset the offsets of and delete consumer groups (any Kafka broker).",
        subcommands = {GroupsList.class, GroupsDescribe.class, GroupsReset.class, GroupsDelete.class})
public final class GroupsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand: give one of list, describe, reset, delete");
    }
}
