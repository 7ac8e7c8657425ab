package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import io.herald.server.CommandFailedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald groups reset GROUP}: moves a consumer group's committed offsets, as {@code kafka-consumer-groups
 * --reset-offsets} does. Without {@code --execute} it only prints the plan; with it, it commits the plan through
 * {@code Admin.alterConsumerGroupOffsets} (an OffsetCommit with generation -1 and no member id).
 *
 * <p>Only a group without members can be reset: its members would commit over the new offsets. The group's state is
 * checked first, as Kafka's tool does; a member that joins after the check makes the broker refuse the commit
 * ({@code UNKNOWN_MEMBER_ID}), which is reported the same way. A group that does not exist yet can be given offsets:
 * {@code --execute} creates it, so its first consumers start there.
 */
@Command(
        name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Moves a consumer group's committed offsets. Prints the plan; --execute commits it.",
            "The group's consumers must be stopped first."
        })
final class GroupsReset implements Callable<Integer> {
    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "GROUP", description = "The consumer group.")
    private String group;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC[:P,...]",
            description = "Reset this topic (all its partitions, or those listed: orders:0,1); repeatable.")
    private List<String> topics = List.of();

    @Option(names = "--all-topics", description = "Reset every partition the group has a committed offset for.")
    private boolean allTopics;

    @Option(names = "--to-earliest", description = "To the log start offset.")
    private boolean toEarliest;

    @Option(names = "--to-latest", description = "To the log end offset (skips everything not yet consumed).")
    private boolean toLatest;

    @Option(names = "--to-offset", paramLabel = "N", description = "To offset N (kept within the log).")
    private Long toOffset;

    @Option(
            names = "--to-datetime",
            paramLabel = "TIME",
            description = "To the first record at or after TIME: ISO-8601 with a zone (2026-01-31T12:00:00Z) or"
                    + " epoch ms.")
    private String toDatetime;

    @Option(
            names = "--shift-by",
            paramLabel = "N",
            description = "By N from the committed offset; negative goes back (kept within the log).")
    private Long shiftBy;

    @Option(
            names = "--by-duration",
            paramLabel = "DURATION",
            description = "To the first record at or after now minus DURATION, ISO-8601: PT30M, PT2H, P1DT12H.")
    private String byDuration;

    @Option(names = "--execute", description = "Commit the new offsets (default: only print them).")
    private boolean execute;

    @Option(names = "--dry-run", description = "Only print the new offsets (the default).")
    private boolean dryRun;

    GroupsReset(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        OffsetReset reset = validate();
        List<TopicSelection> selections = selections();
        PrintWriter err = spec.commandLine().getErr();
        Map<TopicPartition, OffsetReset.NewOffset> plan;
        Map<TopicPartition, OffsetAndMetadata> committed;
        boolean exists;
        try (Admin admin = client.admin()) {
            exists = checkNoMembers(admin);
            committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Collection<TopicPartition> partitions = allTopics ? allCommitted(committed) : partitions(admin, selections);
            plan = plan(admin, reset, partitions, committed);
            plan.values().stream()
                    .filter(newOffset -> newOffset.note() != null)
                    .forEach(newOffset -> err.println(spec.qualifiedName() + ": " + newOffset.note()));
            printPlan(plan, committed);
            if (execute) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                plan.forEach(
                        (partition, newOffset) -> offsets.put(partition, new OffsetAndMetadata(newOffset.offset())));
                admin.alterConsumerGroupOffsets(group, offsets).all().get();
            }
        } catch (ExecutionException e) {
            throw KafkaFailures.explainGroup(e, client.bootstrapServers(), group, singleTopic(selections));
        }
        if (!exists) {
            err.println(spec.qualifiedName() + ": consumer group '" + group + "' did not exist;"
                    + (execute ? " created it" : " --execute creates it") + " with these offsets");
        }
        err.println(
                execute
                        ? "Committed the new offsets of " + plan.size()
                                + (plan.size() == 1 ? " partition" : " partitions") + " for group " + group + "."
                        : "Dry run: nothing changed. Add --execute to commit these offsets.");
        return 0;
    }

    /** Checks the options that go together; returns the reset mode. */
    private OffsetReset validate() {
        List<String> modes = new ArrayList<>();
        if (toEarliest) modes.add("--to-earliest");
        if (toLatest) modes.add("--to-latest");
        if (toOffset != null) modes.add("--to-offset");
        if (toDatetime != null) modes.add("--to-datetime");
        if (shiftBy != null) modes.add("--shift-by");
        if (byDuration != null) modes.add("--by-duration");
        if (modes.size() != 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    (modes.isEmpty() ? "Say where to move the offsets" : "Give only one of " + String.join(", ", modes))
                            + ": one of --to-earliest, --to-latest, --to-offset N, --to-datetime TIME, --shift-by N,"
                            + " --by-duration DURATION");
        }
        if (topics.isEmpty() == !allTopics) {
            throw new ParameterException(
                    spec.commandLine(),
                    allTopics
                            ? "Give either --topic or --all-topics, not both"
                            : "Say which partitions to reset: --topic TOPIC[:P,...] (repeatable) or --all-topics");
        }
        if (execute && dryRun) {
            throw new ParameterException(spec.commandLine(), "Give either --execute or --dry-run, not both");
        }
        if (toOffset != null && toOffset < 0) {
            throw new ParameterException(spec.commandLine(), "--to-offset must be >= 0, was " + toOffset);
        }
        try {
            if (toEarliest) return new OffsetReset.ToEarliest();
            if (toLatest) return new OffsetReset.ToLatest();
            if (toOffset != null) return new OffsetReset.ToOffset(toOffset);
            if (shiftBy != null) return new OffsetReset.ShiftBy(shiftBy);
            if (toDatetime != null) return OffsetReset.toDatetime(toDatetime);
            return OffsetReset.byDuration(byDuration, environment.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<TopicSelection> selections() {
        try {
            return topics.stream().map(TopicSelection::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Refuses a group with members, whose commits would overwrite the reset. Returns whether the group exists: one
     * that does not is created by the commit.
     */
    private boolean checkNoMembers(Admin admin) throws InterruptedException, ExecutionException {
        ConsumerGroupDescription description;
        try {
            description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) return false;
            throw e;
        }
        GroupState state = description.groupState();
        if (state == GroupState.DEAD) return false;
        if (state == GroupState.EMPTY) return true;
        int members = description.members().size();
        throw new CommandFailedException("consumer group '" + group + "' has " + members
                + (members == 1 ? " active member" : " active members") + " (state " + state
                + "), whose commits would overwrite the reset; stop the group's"
                + " consumers first (see them with: herald groups describe " + group + ")");
    }

    private Collection<TopicPartition> allCommitted(Map<TopicPartition, OffsetAndMetadata> committed) {
        if (committed.isEmpty()) {
            throw new CommandFailedException("consumer group '" + group + "' has no committed offsets, so --all-topics"
                    + " names no partitions; name them with --topic TOPIC[:P,...]");
        }
        return committed.keySet();
    }

    /** The partitions the {@code --topic} options name; each must exist. */
    private Collection<TopicPartition> partitions(Admin admin, List<TopicSelection> selections)
            throws InterruptedException, ExecutionException {
        Set<String> names = selections.stream().map(TopicSelection::topic).collect(Collectors.toSet());
        Map<String, KafkaFuture<TopicDescription>> descriptions =
                admin.describeTopics(names).topicNameValues();
        Set<TopicPartition> partitions = new TreeSet<>(byTopicAndPartition());
        for (TopicSelection selection : selections) {
            TopicDescription description;
            try {
                description = descriptions.get(selection.topic()).get();
            } catch (ExecutionException e) {
                throw KafkaFailures.explain(e, client.bootstrapServers(), selection.topic());
            }
            List<Integer> existing = description.partitions().stream()
                    .map(TopicPartitionInfo::partition)
                    .toList();
            List<Integer> chosen = selection.partitions().isEmpty() ? existing : selection.partitions();
            for (int partition : chosen) {
                if (!existing.contains(partition)) {
                    throw new CommandFailedException("topic '" + selection.topic() + "' has no partition " + partition
                            + "; it has 0.." + (existing.size() - 1));
                }
                partitions.add(new TopicPartition(selection.topic(), partition));
            }
        }
        return partitions;
    }

    /** The new offset of each partition, in topic and partition order. */
    private Map<TopicPartition, OffsetReset.NewOffset> plan(
            Admin admin,
            OffsetReset reset,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, OffsetAndMetadata> committed)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> logStartOffsets = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> logEndOffsets = offsets(admin, partitions, OffsetSpec.latest());
        OptionalLong timestampMs = reset.lookupTimestampMs();
        Map<TopicPartition, Long> atTimestamp = timestampMs.isPresent()
                ? offsets(admin, partitions, OffsetSpec.forTimestamp(timestampMs.getAsLong()))
                : Map.of();
        Map<TopicPartition, OffsetReset.NewOffset> plan = new LinkedHashMap<>();
        partitions.stream().sorted(byTopicAndPartition()).forEach(partition -> {
            OffsetAndMetadata current = committed.get(partition);
            OffsetReset.PartitionOffsets offsets = new OffsetReset.PartitionOffsets(
                    logStartOffsets.get(partition),
                    logEndOffsets.get(partition),
                    current == null ? null : current.offset(),
                    atTimestamp.get(partition));
            plan.put(partition, reset.newOffset(partition, offsets));
        });
        return plan;
    }

    /** The offsets the broker gives for {@code spec}; a partition without one (no record at a time) is left out. */
    private static Map<TopicPartition, Long> offsets(
            Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> {
            if (info.offset() >= 0) offsets.put(partition, info.offset());
        });
        return offsets;
    }

    private void printPlan(
            Map<TopicPartition, OffsetReset.NewOffset> plan, Map<TopicPartition, OffsetAndMetadata> committed) {
        TextTable table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET");
        plan.forEach((partition, newOffset) -> {
            OffsetAndMetadata current = committed.get(partition);
            table.row(
                    group,
                    partition.topic(),
                    partition.partition(),
                    current == null ? null : current.offset(),
                    newOffset.offset());
        });
        table.print(spec.commandLine().getOut());
    }

    private String singleTopic(List<TopicSelection> selections) {
        Set<String> names = selections.stream().map(TopicSelection::topic).collect(Collectors.toSet());
        return names.size() == 1 ? names.iterator().next() : null;
    }

    private static Comparator<TopicPartition> byTopicAndPartition() {
        return Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
    }
}
