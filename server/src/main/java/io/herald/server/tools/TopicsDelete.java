package io.herald.server.tools;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald topics delete NAME}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a topic and all its records.")
final class TopicsDelete implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Override
    public Integer call() throws InterruptedException {
        try (Admin admin = client.admin()) {
            admin.deleteTopics(List.of(name)).all().get();
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), name);
        }
        spec.commandLine().getOut().println("Deleted topic " + name + ".");
        return 0;
    }
}
