package io.herald.server.tools;

import io.herald.client.DeadLetterHeaders;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq list TOPIC}: one line per dead letter of {@code TOPIC.dlq}, oldest first per partition: where it
 * is, its key, where it came from, how many attempts were made and the last failure. Reads up to the end offsets seen
 * at start and commits nothing.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the dead letters of TOPIC (read from TOPIC.dlq) with their failure.")
final class DlqList implements Callable<Integer> {
    private static final int MAX_FAILURE_CHARS = 100;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "TOPIC", description = "The topic whose dead letters to list (not the .dlq topic).")
    private String topic;

    @Option(names = "--max", paramLabel = "N", defaultValue = "1000", description = "List at most N (default 1000).")
    private int max;

    @Override
    public Integer call() throws InterruptedException {
        String dlq = DeadLetters.topicFor(topic);
        TextTable table = new TextTable("PARTITION", "OFFSET", "KEY", "ORIGINAL", "GROUP", "ATTEMPTS", "FAILURE");
        try (KafkaConsumer<byte[], byte[]> consumer = DeadLetters.consumer(client, null)) {
            DeadLetters.read(
                    consumer,
                    false,
                    DeadLetters.partitions(client, dlq),
                    max,
                    record -> table.row(
                            record.partition(),
                            record.offset(),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            DeadLetters.header(record, DeadLetterHeaders.ORIGINAL_TOPIC) + "-"
                                    + DeadLetters.header(record, DeadLetterHeaders.ORIGINAL_PARTITION) + "@"
                                    + DeadLetters.header(record, DeadLetterHeaders.ORIGINAL_OFFSET),
                            DeadLetters.header(record, DeadLetterHeaders.GROUP_ID),
                            DeadLetters.header(record, DeadLetterHeaders.ATTEMPTS),
                            failure(record)));
        } catch (KafkaException e) {
            throw KafkaFailures.explain(e, client.bootstrapServers(), dlq);
        }
        PrintWriter out = spec.commandLine().getOut();
        table.print(out);
        out.flush();
        return 0;
    }

    private static String failure(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record) {
        String text = DeadLetters.header(record, DeadLetterHeaders.EXCEPTION_CLASS) + ": "
                + DeadLetters.header(record, DeadLetterHeaders.EXCEPTION_MESSAGE);
        text = text.replaceAll("\\s+", " "); // one line per dead letter
        return text.length() <= MAX_FAILURE_CHARS ? text : text.substring(0, MAX_FAILURE_CHARS - 3) + "...";
    }
}
