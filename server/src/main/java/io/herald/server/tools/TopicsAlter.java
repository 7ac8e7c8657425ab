package io.herald.server.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald topics alter NAME}: more partitions ({@code CreatePartitions}) and config changes
 * ({@code IncrementalAlterConfigs}, as {@code kafka-configs --alter} sends them).
 */
@Command(
        name = "alter",
        mixinStandardHelpOptions = true,
        description = "Adds partitions to a topic, sets or deletes its configs.")
final class TopicsAlter implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "NAME", description = "The topic.")
    private String name;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "The new number of partitions (only grows: records keep their partition).")
    private Integer partitions;

    @Option(
            names = "--config",
            paramLabel = "KEY=VALUE",
            description = "Sets a topic config, e.g. --config retention.ms=60000; repeatable.")
    private Map<String, String> configs = Map.of();

    @Option(
            names = "--delete-config",
            paramLabel = "KEY",
            description = "Removes a topic config, back to the broker's default; repeatable.")
    private List<String> deleteConfigs = List.of();

    @Override
    public Integer call() throws InterruptedException {
        if (partitions == null && configs.isEmpty() && deleteConfigs.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "Nothing to alter: give --partitions, --config or --delete-config");
        }
        List<String> done = new ArrayList<>();
        try (Admin admin = client.admin()) {
            if (partitions != null) {
                admin.createPartitions(Map.of(name, NewPartitions.increaseTo(partitions)))
                        .all()
                        .get();
                done.add("partitions " + partitions);
            }
            List<AlterConfigOp> ops = new ArrayList<>();
            configs.forEach(
                    (key, value) -> ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
            deleteConfigs.forEach(
                    key -> ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)));
            if (!ops.isEmpty()) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
                admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get();
                configs.forEach((key, value) -> done.add(key + "=" + value));
                deleteConfigs.forEach(key -> done.add(key + " deleted"));
            }
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), name);
        }
        spec.commandLine().getOut().println("Altered topic " + name + ": " + String.join(", ", done) + ".");
        return 0;
    }
}
