package io.herald.server.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq}: the dead letters the Herald SDK writes to {@code <topic>.dlq} when a handler keeps failing (see
 * {@code io.herald.client.DeadLetterHeaders}): list them, and replay them to the topic they came from once the cause is
 * fixed.
 */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = "List dead letters (<topic>.dlq) and replay them to their original topic (any Kafka broker).",
        subcommands = {DlqList.class, DlqReplay.class})
public final class DlqCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: give one of list, replay");
    }
}
