package io.herald.server.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald groups delete GROUP...}: deletes consumer groups and their committed offsets (DeleteGroups). Each group
 * succeeds or fails on its own: a group that still has members, or that does not exist, gets one line on stderr and
 * the command exits 1 after trying the others.
 */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Deletes consumer groups and their committed offsets; their consumers must be stopped first.")
final class GroupsDelete implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "GROUP", arity = "1..*", description = "The consumer groups.")
    private List<String> groups;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> failures = new ArrayList<>();
        try (Admin admin = client.admin()) {
            Map<String, KafkaFuture<Void>> results =
                    admin.deleteConsumerGroups(groups).deletedGroups();
            for (String group : groups.stream().distinct().toList()) {
                try {
                    results.get(group).get();
                    out.println("Deleted consumer group " + group + ".");
                } catch (ExecutionException e) {
                    failures.add(KafkaFailures.explainGroup(e, client.bootstrapServers(), group, null)
                            .getMessage());
                }
            }
        }
        out.flush();
        failures.forEach(failure -> err.println(spec.qualifiedName() + ": " + failure));
        return failures.isEmpty() ? 0 : 1;
    }
}
