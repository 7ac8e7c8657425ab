package io.herald.server;

import io.herald.server.tools.ConsumeCommand;
import io.herald.server.tools.DlqCommand;
import io.herald.server.tools.GroupsCommand;
import io.herald.server.tools.ProduceCommand;
import io.herald.server.tools.RulesCommand;
import io.herald.server.tools.SchemasCommand;
import io.herald.server.tools.TopicsCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code herald} command, the process entry point that {@code bin/herald} runs. With no arguments it runs
 * {@code herald server}, and so does an option that is not {@code herald}'s own ({@code herald --port 9093});
 * {@code topics}, {@code produce}, {@code consume} and {@code groups} are Kafka clients for the first
 * five minutes, usable against any Kafka broker.
 *
 * <p>Every command reads the process around it through a {@link CommandEnvironment}, which {@link #commandLine}
 * hands to each command that takes one in its constructor. Bad options exit 2 with one line naming the option, the
 * value and the fix; a failure the user can act on ({@link CommandFailedException}) exits 1 with one line.
 *
 * <p>Thread-safety: used once, from the main thread.
 */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        versionProvider = Herald.VersionProvider.class,
        description = "An event platform in one process: a Kafka-protocol broker with a schema registry, CEP"
                + " and a console. With no command, runs 'herald server'.",
        subcommands = {
            ServerCommand.class,
            RegistryCommand.class,
            CepCommand.class,
            TopicsCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            GroupsCommand.class,
            DlqCommand.class,
            SchemasCommand.class,
            RulesCommand.class,
            HelpCommand.class
        })
public final class Herald implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Options of {@code herald} itself; any other option before a command belongs to {@code herald server}. */
    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    public static void main(String[] args) {
        System.exit(execute(CommandEnvironment.ofProcess(), args));
    }

    /**
     * Runs the command line {@code args} and returns the exit code. {@code herald --port 9093} is read as {@code herald
     * server --port 9093}, as {@code herald} alone is {@code herald server}.
     */
    public static int execute(CommandEnvironment environment, String... args) {
        return commandLine(environment).execute(withServerDefault(args));
    }

    static String[] withServerDefault(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-") || OWN_OPTIONS.contains(args[0])) return args;
        String[] serverArgs = new String[args.length + 1];
        serverArgs[0] = "server";
        System.arraycopy(args, 0, serverArgs, 1, args.length);
        return serverArgs;
    }

    /** The whole command tree, every command reading {@code environment}. */
    public static CommandLine commandLine(CommandEnvironment environment) {
        CommandLine commandLine = new CommandLine(Herald.class, new EnvironmentFactory(environment));
        commandLine.setUsageHelpWidth(100);
        commandLine.setUsageHelpAutoWidth(true);
        commandLine.setParameterExceptionHandler(Herald::onBadParameter);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> onFailure(e, failed));
        return commandLine;
    }

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("server").execute();
    }

    /** One line: what was wrong and where to look, instead of picocli's message followed by the whole usage. */
    private static int onBadParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int onFailure(Exception e, CommandLine failed) {
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        if (e instanceof CommandFailedException) {
            err.println(name + ": " + e.getMessage());
        } else {
            err.println(name + ": unexpected error, please report it: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    /** Creates commands through their {@code (CommandEnvironment)} constructor where they have one. */
    private record EnvironmentFactory(CommandEnvironment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> constructor;
            try {
                constructor = type.getDeclaredConstructor(CommandEnvironment.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            constructor.setAccessible(true);
            return constructor.newInstance(environment);
        }
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Herald.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("io/herald/server/version.properties is missing from the"
                            + " class path; build the server with Maven (bin/herald does this)");
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read io/herald/server/version.properties", e);
            }
            return new String[] {"herald " + properties.getProperty("version")};
        }
    }
}
