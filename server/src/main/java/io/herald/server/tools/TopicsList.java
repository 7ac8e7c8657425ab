package io.herald.server.tools;

import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald topics list}: the topic names, sorted, one a line. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the topics, one a line.")
final class TopicsList implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Override
    public Integer call() throws InterruptedException {
        Set<String> names;
        try (Admin admin = client.admin()) {
            names = new TreeSet<>(admin.listTopics().names().get());
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), null);
        }
        PrintWriter out = spec.commandLine().getOut();
        names.forEach(out::println);
        return 0;
    }
}
