package io.herald.server.tools;

import io.herald.server.CommandFailedException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald groups describe GROUP}: what {@code kafka-consumer-groups --describe} shows with {@code --state},
 * {@code --offsets} and {@code --members}, in three tables: the group's state; per partition its committed offset, log
 * end offset, lag (log end offset - committed offset) and the member it is assigned to; the members.
 *
 * <p>The partitions are those assigned to a member and those with a committed offset. A missing value is {@code -}: a
 * partition without a committed offset has no lag, one assigned to nobody no member.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a consumer group: its state; per partition the committed offset, log end offset, lag and the"
                    + " member that owns it; its members.",
            "LAG is LOG-END-OFFSET - CURRENT-OFFSET."
        })
final class GroupsDescribe implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "GROUP", description = "The consumer group.")
    private String group;

    @Override
    public Integer call() throws InterruptedException {
        ConsumerGroupDescription description;
        Map<TopicPartition, OffsetAndMetadata> committed;
        Map<TopicPartition, Long> logEndOffsets;
        TreeSet<TopicPartition> partitions =
                new TreeSet<>(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        try (Admin admin = client.admin()) {
            description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            if (description.groupState() == GroupState.DEAD) {
                // DescribeGroups below v6 answers an unknown group as Dead, without an error
                throw new CommandFailedException(KafkaFailures.unknownGroup(client.bootstrapServers(), group));
            }
            committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            for (MemberDescription member : description.members()) {
                partitions.addAll(member.assignment().topicPartitions());
            }
            partitions.addAll(committed.keySet());
            logEndOffsets = logEndOffsets(admin, partitions);
        } catch (ExecutionException e) {
            throw KafkaFailures.explainGroup(e, client.bootstrapServers(), group, null);
        }
        PrintWriter out = spec.commandLine().getOut();
        printState(out, description);
        if (partitions.isEmpty()) {
            notice(
                    description.members().isEmpty()
                            ? "consumer group '" + group + "' has no active members and no committed offsets"
                            : "consumer group '" + group + "' has no partitions assigned and no committed offsets");
            return 0;
        }
        out.println();
        printOffsets(out, description, partitions, committed, logEndOffsets);
        if (description.members().isEmpty()) {
            notice("consumer group '" + group + "' has no active members");
        } else {
            out.println();
            printMembers(out, description);
        }
        if (description.groupState() == GroupState.PREPARING_REBALANCE
                || description.groupState() == GroupState.COMPLETING_REBALANCE) {
            notice("consumer group '" + group + "' is rebalancing; the partitions' members are not known until it is"
                    + " Stable");
        }
        return 0;
    }

    /**
     * The log end offset of each partition; none (shown as {@code -}) for a partition whose offset the broker does
     * not give, such as one of a topic deleted since the group committed.
     */
    private static Map<TopicPartition, Long> logEndOffsets(Admin admin, Iterable<TopicPartition> partitions)
            throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : request.keySet()) {
            try {
                offsets.put(partition, result.partitionResult(partition).get().offset());
            } catch (ExecutionException e) {
                // left out: printed as "-"
            }
        }
        return offsets;
    }

    private void printState(PrintWriter out, ConsumerGroupDescription description) {
        new TextTable("GROUP", "STATE", "TYPE", "ASSIGNMENT-STRATEGY", "#MEMBERS")
                .row(
                        group,
                        description.groupState(),
                        description.type(),
                        description.partitionAssignor(),
                        description.members().size())
                .print(out);
    }

    private void printOffsets(
            PrintWriter out,
            ConsumerGroupDescription description,
            Iterable<TopicPartition> partitions,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> logEndOffsets) {
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription member : description.members()) {
            member.assignment().topicPartitions().forEach(p -> owners.put(p, member));
        }
        TextTable table = new TextTable(
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "LOG-END-OFFSET",
                "LAG",
                "CONSUMER-ID",
                "HOST",
                "CLIENT-ID");
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            Long currentOffset = offset == null ? null : offset.offset();
            Long logEndOffset = logEndOffsets.get(partition);
            Long lag = currentOffset == null || logEndOffset == null ? null : logEndOffset - currentOffset;
            MemberDescription owner = owners.get(partition);
            table.row(
                    group,
                    partition.topic(),
                    partition.partition(),
                    currentOffset,
                    logEndOffset,
                    lag,
                    owner == null ? null : owner.consumerId(),
                    owner == null ? null : owner.host(),
                    owner == null ? null : owner.clientId());
        }
        table.print(out);
    }

    private void printMembers(PrintWriter out, ConsumerGroupDescription description) {
        boolean anyInstanceId =
                description.members().stream().anyMatch(m -> m.groupInstanceId().isPresent());
        TextTable table = anyInstanceId
                ? new TextTable("GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS")
                : new TextTable("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS");
        description.members().stream()
                .sorted(Comparator.comparing(MemberDescription::consumerId))
                .forEach(m -> {
                    int assigned = m.assignment().topicPartitions().size();
                    if (anyInstanceId) {
                        table.row(
                                group,
                                m.consumerId(),
                                m.groupInstanceId().orElse(null),
                                m.host(),
                                m.clientId(),
                                assigned);
                    } else {
                        table.row(group, m.consumerId(), m.host(), m.clientId(), assigned);
                    }
                });
        table.print(out);
    }

    /** A note for the reader, on stderr as {@code kafka-consumer-groups} prints it, so stdout holds only tables. */
    private void notice(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
    }
}
