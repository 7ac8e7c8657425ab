package io.herald.server.tools;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herald topics create NAME}. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a topic.")
final class TopicsCreate implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Number of partitions (default: the broker's num.partitions).")
    private Integer partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            description = "Replicas per partition (default: the broker's; a single Herald node has 1).")
    private Short replicationFactor;

    @Option(
            names = "--config",
            paramLabel = "KEY=VALUE",
            description = "A topic config, e.g. --config retention.ms=60000; repeatable.")
    private Map<String, String> configs = Map.of();

    @Option(names = "--if-not-exists", description = "Succeed when the topic exists already.")
    private boolean ifNotExists;

    @Override
    public Integer call() throws InterruptedException {
        NewTopic topic = new NewTopic(name, Optional.ofNullable(partitions), Optional.ofNullable(replicationFactor))
                .configs(configs);
        try (Admin admin = client.admin()) {
            admin.createTopics(java.util.List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (ifNotExists && e.getCause() instanceof TopicExistsException) return 0;
            throw KafkaFailures.explain(e, client.bootstrapServers(), name);
        }
        spec.commandLine().getOut().println("Created topic " + name + ".");
        return 0;
    }
}
