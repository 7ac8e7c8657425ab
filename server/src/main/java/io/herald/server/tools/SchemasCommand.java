package io.herald.server.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald schemas}: register, list, read and check schemas, and set compatibility, through the REST API of any
 * Confluent-compatible schema registry.
 */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description =
                "Register, list, get and check schemas, and set compatibility (any Confluent-compatible registry).",
        subcommands = {
            SchemasRegister.class,
            SchemasList.class,
            SchemasGet.class,
            SchemasCheck.class,
            SchemasConfig.class
        })
public final class SchemasCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing subcommand: give one of register, list, get, check, config");
    }
}
