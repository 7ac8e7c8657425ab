package io.herald.server.tools;

import io.herald.client.DeadLetterHeaders;
import io.herald.server.CommandFailedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq replay TOPIC --execute}: sends each dead letter of {@code TOPIC.dlq} back to the topic it came
 * from (its {@code herald.dlq.original.topic} header, or {@code --to}), with its key, value and own headers and
 * without the {@code herald.dlq.*} ones, so the subscriber handles it again as the event it was. The read position is
 * committed under a consumer group ({@code --group}), after the sends are acknowledged: a second run replays only
 * dead letters written since, and a run that fails part-way commits nothing, so the next run sends them all again
 * (at-least-once; the SDK's idempotent consumers drop the repeats). Without {@code --execute} it only shows what it
 * would replay.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Sends the dead letters of TOPIC (from TOPIC.dlq) back to their original topic; a dry run unless"
                + " --execute.")
final class DlqReplay implements Callable<Integer> {
    static final String DEFAULT_GROUP = "herald-dlq-replay";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "TOPIC", description = "The topic whose dead letters to replay (not the .dlq topic).")
    private String topic;

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            defaultValue = DEFAULT_GROUP,
            description = "The consumer group that remembers what was replayed (default " + DEFAULT_GROUP + ").")
    private String group;

    @Option(
            names = "--to",
            paramLabel = "TOPIC",
            description = "Send every dead letter to this topic instead of the one it came from.")
    private String to;

    @Option(names = "--max", paramLabel = "N", defaultValue = "1000000", description = "Replay at most N.")
    private int max;

    @Option(names = "--execute", description = "Replay; without it the command only lists what it would replay.")
    private boolean execute;

    @Override
    public Integer call() throws InterruptedException {
        String dlq = DeadLetters.topicFor(topic);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = DeadLetters.consumer(client, group)) {
            DeadLetters.read(consumer, true, DeadLetters.partitions(client, dlq), max, deadLetters::add);
            if (!execute) return dryRun(dlq, deadLetters);
            Map<TopicPartition, OffsetAndMetadata> done = replay(deadLetters);
            if (!done.isEmpty()) consumer.commitSync(done);
            report(dlq, deadLetters, done);
        } catch (KafkaException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), dlq);
        }
        return 0;
    }

    /**
     * Sends every dead letter, then waits for each acknowledgement; returns, per dead-letter partition, the offset to
     * commit: after its last dead letter. Any failed send fails the command before anything is committed.
     */
    private Map<TopicPartition, OffsetAndMetadata> replay(List<ConsumerRecord<byte[], byte[]>> deadLetters)
            throws InterruptedException {
        Map<ConsumerRecord<byte[], byte[]>, Future<RecordMetadata>> sent = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
                sent.put(deadLetter, producer.send(replayOf(deadLetter)));
            }
            producer.flush();
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (Map.Entry<ConsumerRecord<byte[], byte[]>, Future<RecordMetadata>> e : sent.entrySet()) {
            ConsumerRecord<byte[], byte[]> deadLetter = e.getKey();
            try {
                e.getValue().get();
            } catch (ExecutionException failure) {
                throw new CommandFailedException("replaying " + deadLetter.topic() + "-" + deadLetter.partition() + "@"
                        + deadLetter.offset() + " failed (" + failure.getCause() + "); nothing was committed, so the"
                        + " next run sends every dead letter of this run again");
            }
            commit.put(
                    new TopicPartition(deadLetter.topic(), deadLetter.partition()),
                    new OffsetAndMetadata(deadLetter.offset() + 1));
        }
        return commit;
    }

    private ProducerRecord<byte[], byte[]> replayOf(ConsumerRecord<byte[], byte[]> deadLetter) {
        String original = DeadLetters.header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC);
        String target = to != null ? to : original != null ? original : topic;
        ProducerRecord<byte[], byte[]> replay = new ProducerRecord<>(target, deadLetter.key(), deadLetter.value());
        for (Header header : deadLetter.headers()) {
            if (!DeadLetters.isDeadLetterHeader(header)) replay.headers().add(header);
        }
        return replay;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties properties = client.properties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-dlq-replay");
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(ClientOptions.API_TIMEOUT_MS));
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private int dryRun(String dlq, List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Integer> byTarget = targets(deadLetters);
        out.println("Dry run: " + deadLetters.size() + " dead letter(s) of " + dlq + " not yet replayed by group "
                + group + " would go to " + describe(byTarget) + ". Add --execute to replay them.");
        out.flush();
        return 0;
    }

    private void report(
            String dlq,
            List<ConsumerRecord<byte[], byte[]>> deadLetters,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Replayed " + deadLetters.size() + " dead letter(s) of " + dlq + " to "
                + describe(targets(deadLetters)) + "; group " + group + " committed "
                + new TreeMap<>(committed.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                e -> e.getKey().partition(), e -> e.getValue().offset())))
                + " (partition=next offset).");
        out.flush();
    }

    private Map<String, Integer> targets(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        Map<String, Integer> byTarget = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> d : deadLetters)
            byTarget.merge(replayOf(d).topic(), 1, Integer::sum);
        return byTarget;
    }

    private static String describe(Map<String, Integer> byTarget) {
        if (byTarget.isEmpty()) return "nowhere (nothing to replay)";
        List<String> parts = new ArrayList<>();
        byTarget.forEach((target, count) -> parts.add(target + " (" + count + ")"));
        return String.join(", ", parts);
    }
}
