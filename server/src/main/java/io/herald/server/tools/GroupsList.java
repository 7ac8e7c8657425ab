package io.herald.server.tools;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code herald groups list}: the consumer groups (classic and KIP-848), sorted, with their type, state and protocol
 * type, as {@code kafka-consumer-groups --list --type --state} shows them.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the consumer groups: GROUP, TYPE, STATE, PROTOCOL-TYPE.")
final class GroupsList implements Callable<Integer> {
    /** The states a consumer group can be in, classic or KIP-848, as Kafka names them. */
    static final Set<GroupState> CONSUMER_GROUP_STATES = consumerGroupStates();

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            split = ",",
            description = "Only groups in these states, e.g. --state Stable,Empty (default: all).")
    private List<String> states = List.of();

    @Override
    public Integer call() throws InterruptedException {
        ListGroupsOptions options = ListGroupsOptions.forConsumerGroups().inGroupStates(parseStates());
        List<GroupListing> groups;
        try (Admin admin = client.admin()) {
            groups = admin.listGroups(options).all().get().stream()
                    .sorted(Comparator.comparing(GroupListing::groupId))
                    .toList();
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), null);
        }
        TextTable table = new TextTable("GROUP", "TYPE", "STATE", "PROTOCOL-TYPE");
        for (GroupListing group : groups) {
            table.row(
                    group.groupId(),
                    group.type().orElse(GroupType.UNKNOWN),
                    group.groupState().orElse(GroupState.UNKNOWN),
                    group.protocol());
        }
        table.print(spec.commandLine().getOut());
        return 0;
    }

    private Set<GroupState> parseStates() {
        Set<GroupState> parsed = EnumSet.noneOf(GroupState.class);
        for (String name : states) {
            GroupState state = CONSUMER_GROUP_STATES.stream()
                    .filter(s -> s.toString().equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "--state must be one of "
                                    + CONSUMER_GROUP_STATES.stream()
                                            .map(GroupState::toString)
                                            .collect(Collectors.joining(", "))
                                    + ", was '" + name + "'"));
            parsed.add(state);
        }
        return parsed;
    }

    private static Set<GroupState> consumerGroupStates() {
        Set<GroupState> states = EnumSet.copyOf(GroupState.groupStatesForType(GroupType.CLASSIC));
        states.addAll(GroupState.groupStatesForType(GroupType.CONSUMER));
        return states;
    }
}
