package io.herald.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code herald} command, the process entry point that {@code bin/herald} runs.
 *
 * <p>Today it only parses the command line: {@code --help}, {@code --version} and the {@code help}
 * subcommand. The version comes from {@code version.properties}, which Maven fills in from the
 * project version at build time.
 *
 * <p>Thread-safety: used once, from the main thread.
 */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        versionProvider = Herald.VersionProvider.class,
        description = "An event platform in one process: a Kafka-protocol broker with a schema registry, CEP"
                + " and a console.",
        subcommands = {HelpCommand.class})
public final class Herald implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Herald()).execute(args));
    }

    @Override
    public void run() {
        // The broker does not exist yet; issue 3 makes the no-argument form start the server.
        spec.commandLine().usage(spec.commandLine().getOut());
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
