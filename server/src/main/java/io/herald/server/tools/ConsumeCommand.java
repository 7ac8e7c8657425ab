package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import io.herald.server.CommandFailedException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald consume TOPIC}: prints a topic's records, one line each ({@link RecordText}), like
 * {@code kafka-console-consumer}. Without {@code --group} it assigns itself every partition (or {@code --partition})
 * and commits nothing, so it needs no group coordinator; with {@code --group} it subscribes as a member of that group
 * and commits exactly what it printed, after each batch and at the end (also on Ctrl-C): records fetched but not
 * printed, past {@code --max-messages}, stay for the group's next consumer. (Kafka's console consumer auto-commits its
 * position, which can mark such records consumed.)
 *
 * <p>It follows the topic until Ctrl-C, SIGTERM or {@code --max-messages}; with {@code --no-follow} it stops at the
 * end offsets the partitions had when it started. Either way it ends with {@code kafka-console-consumer}'s
 * {@code Processed a total of N messages} on stderr, and exits 0.
 */
@Command(
        name = "consume",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a topic's records: partition/offset, timestamp, key, value, headers, tab-separated.",
            "Starts at the end unless told otherwise; follows the topic until Ctrl-C (or --max-messages,"
                    + " --no-follow)."
        })
public final class ConsumeCommand implements Callable<Integer> {
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest record (default: at the end).")
    private boolean fromBeginning;

    @Option(names = "--offset", paramLabel = "N", description = "Start at this offset; needs --partition.")
    private Long offset;

    @Option(names = "--partition", paramLabel = "N", description = "Read only this partition (default: all of them).")
    private Integer partition;

    @Option(
            names = "--from-time",
            paramLabel = "TIME",
            description = "Start at the first record at or after TIME: ISO-8601 (2026-01-31T12:00:00Z) or epoch ms.")
    private String fromTime;

    @Option(names = "--max-messages", paramLabel = "N", description = "Stop after N records.")
    private Integer maxMessages;

    @Option(
            names = "--follow",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Wait for new records (default). --no-follow stops at the end offsets seen at start.")
    private boolean follow;

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            description = "Consume as a member of this consumer group and commit offsets (default: no group).")
    private String group;

    @Option(
            names = "--print-timestamp",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print each record's timestamp (default; --no-print-timestamp to omit).")
    private boolean printTimestamp;

    @Option(
            names = "--print-key",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print each record's key (default; --no-print-key to omit).")
    private boolean printKey;

    @Option(
            names = "--print-headers",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Print each record's headers (default; --no-print-headers to omit).")
    private boolean printHeaders;

    ConsumeCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        Long fromTimestamp = validate();
        PrintWriter out = spec.commandLine().getOut();
        List<TopicPartition> partitions = partitions();
        int printed = 0;
        Map<TopicPartition, OffsetAndMetadata> printedPositions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            environment.stop().onStop(consumer::wakeup);
            if (group == null) {
                consumer.assign(partitions);
                position(consumer, partitions, fromTimestamp);
            } else {
                consumer.subscribe(List.of(topic));
            }
            try {
                Map<TopicPartition, Long> endOffsets = follow ? Map.of() : consumer.endOffsets(partitions);
                while (!reachedMax(printed) && (follow || !reachedEnd(consumer, endOffsets))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        if (reachedMax(printed)) break;
                        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                        Long end = endOffsets.get(tp);
                        if (end != null && record.offset() >= end) continue;
                        out.println(RecordText.line(record, printTimestamp, printKey, printHeaders));
                        printed++;
                        printedPositions.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    }
                    out.flush();
                    // before the next poll, in which a rebalance may take the partitions away
                    commitPrinted(consumer, printedPositions);
                }
            } catch (WakeupException stopped) {
                // Ctrl-C or SIGTERM: a normal end; what was printed is still committed
                commitPrinted(consumer, printedPositions);
            }
        } catch (KafkaException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), topic);
        }
        out.flush();
        spec.commandLine().getErr().println("Processed a total of " + printed + " messages");
        return 0;
    }

    /** Checks the options that go together; returns the {@code --from-time} timestamp, or null. */
    private Long validate() {
        int starts = (fromBeginning ? 1 : 0) + (offset != null ? 1 : 0) + (fromTime != null ? 1 : 0);
        if (starts > 1) {
            throw new ParameterException(
                    spec.commandLine(), "Give one of --from-beginning, --offset, --from-time, not several");
        }
        if (offset != null && partition == null) {
            throw new ParameterException(spec.commandLine(), "--offset " + offset + " needs --partition N");
        }
        if (offset != null && offset < 0) {
            throw new ParameterException(spec.commandLine(), "--offset must be >= 0, was " + offset);
        }
        if (maxMessages != null && maxMessages < 1) {
            throw new ParameterException(spec.commandLine(), "--max-messages must be >= 1, was " + maxMessages);
        }
        if (group != null && (offset != null || fromTime != null || partition != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--group consumes from the group's committed offsets; --offset, --from-time and --partition"
                            + " work without --group only");
        }
        return fromTime == null ? null : parseTime(fromTime);
    }

    private Long parseTime(String text) {
        if (text.chars().allMatch(Character::isDigit)) return Long.parseLong(text);
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--from-time must be an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch milliseconds, was '"
                            + text + "'");
        }
    }

    private Properties consumerProperties() {
        Properties properties = client.properties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // consuming must never create the topic as a side effect
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "herald-consume");
        properties.putIfAbsent(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ClientOptions.API_TIMEOUT_MS));
        // with --group the command commits what it printed itself (commitPrinted), never the fetched position
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        }
        return properties;
    }

    /**
     * The partitions to read, from the Admin client: a consumer's {@code partitionsFor} waits out its whole timeout
     * before it reports a topic that does not exist, Admin answers at once.
     */
    private List<TopicPartition> partitions() throws InterruptedException {
        List<TopicPartition> partitions;
        try (Admin admin = client.admin()) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            partitions = description.partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
        } catch (ExecutionException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), topic);
        }
        if (partition == null) return partitions;
        TopicPartition only = new TopicPartition(topic, partition);
        if (!partitions.contains(only)) {
            throw new CommandFailedException(
                    "topic '" + topic + "' has no partition " + partition + "; it has 0.." + (partitions.size() - 1));
        }
        return List.of(only);
    }

    private void position(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Long fromTimestamp) {
        if (offset != null) {
            consumer.seek(partitions.getFirst(), offset);
        } else if (fromTimestamp != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, fromTimestamp));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = found.get(p);
                if (at == null) consumer.seekToEnd(List.of(p));
                else consumer.seek(p, at.offset());
            }
        } else if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    /** With {@code --group}, commits the position after each record printed since the last commit. */
    private void commitPrinted(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, OffsetAndMetadata> printedPositions) {
        if (group == null || printedPositions.isEmpty()) return;
        consumer.commitSync(printedPositions);
        printedPositions.clear();
    }

    private boolean reachedMax(int printed) {
        return maxMessages != null && printed >= maxMessages;
    }

    /** Whether every partition this consumer reads is at or past the end offset it had at start. */
    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> endOffsets) {
        if (consumer.assignment().isEmpty()) return false;
        for (TopicPartition p : consumer.assignment()) {
            Long end = endOffsets.get(p);
            if (end != null && consumer.position(p) < end) return false;
        }
        return true;
    }
}
