package io.herald.server.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald topics describe [NAME...]}: in {@code kafka-topics --describe}'s layout, one line per topic with the
 * configs set on it, then one line per partition with its leader, replicas and earliest and latest offsets.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Shows topics: partitions, leaders, earliest and latest offsets, and the configs set on them.")
final class TopicsDescribe implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "The topics (default: all).")
    private List<String> names = List.of();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String current = names.size() == 1 ? names.getFirst() : null;
        try (Admin admin = client.admin()) {
            Collection<String> topics =
                    names.isEmpty() ? new TreeSet<>(admin.listTopics().names().get()) : names;
            if (topics.isEmpty()) return 0;
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, Long> earliest = offsets(admin, descriptions.values(), OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, descriptions.values(), OffsetSpec.latest());
            Map<ConfigResource, Config> configs = configs(admin, topics);
            for (String topic : topics) {
                current = topic;
                TopicDescription description = descriptions.get(topic);
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                printTopic(out, description, config, earliest, latest);
            }
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), current);
        }
        return 0;
    }

    /** The topics' configs; none, with a note on stderr, from a broker that does not answer DescribeConfigs. */
    private Map<ConfigResource, Config> configs(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        try {
            return admin.describeConfigs(resources).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnsupportedVersionException)) throw e;
            spec.commandLine()
                    .getErr()
                    .println("herald topics describe: the broker does not answer DescribeConfigs; configs not shown");
            return Map.of();
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicDescription> topics, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                request.put(new TopicPartition(topic.name(), partition.partition()), spec);
            }
        }
        Map<TopicPartition, ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static void printTopic(
            PrintWriter out,
            TopicDescription topic,
            Config config,
            Map<TopicPartition, Long> earliest,
            Map<TopicPartition, Long> latest) {
        List<TopicPartitionInfo> partitions = topic.partitions();
        int replicationFactor =
                partitions.isEmpty() ? 0 : partitions.getFirst().replicas().size();
        out.println("Topic: " + topic.name() + "\tTopicId: " + topic.topicId() + "\tPartitionCount: "
                + partitions.size() + "\tReplicationFactor: " + replicationFactor + "\tConfigs: "
                + setConfigs(config));
        for (TopicPartitionInfo partition : partitions) {
            TopicPartition key = new TopicPartition(topic.name(), partition.partition());
            out.println("\tTopic: " + topic.name() + "\tPartition: " + partition.partition() + "\tLeader: "
                    + (partition.leader() == null ? "none" : partition.leader().id()) + "\tReplicas: "
                    + ids(partition.replicas()) + "\tIsr: " + ids(partition.isr()) + "\tEarliestOffset: "
                    + earliest.get(key) + "\tLatestOffset: " + latest.get(key));
        }
    }

    /** The configs set on the topic itself, as {@code kafka-topics --describe} shows them. */
    private static String setConfigs(Config config) {
        if (config == null) return "";
        List<String> set = new ArrayList<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                set.add(entry.name() + "=" + (entry.isSensitive() ? "[hidden]" : entry.value()));
            }
        }
        set.sort(null);
        return String.join(",", set);
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(node -> Integer.toString(node.id())).collect(Collectors.joining(","));
    }
}
