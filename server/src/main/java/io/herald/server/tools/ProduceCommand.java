package io.herald.server.tools;

import io.herald.server.CommandEnvironment;
import io.herald.server.CommandFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald produce TOPIC}: sends one record per line of standard input (or per {@code --value}), like
 * {@code kafka-console-producer}, then prints where the records went to stderr. Stops at the first record that fails,
 * and says why: a broker that does not answer and a topic that does not exist are told apart.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Sends records to a topic: one per line of standard input, or one per --value.",
            "Prints where they went (topic-partition@offsets) to stderr when done."
        })
public final class ProduceCommand implements Callable<Integer> {
    private static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final Set<String> ACKS = Set.of("all", "-1", "1", "0");

    private final CommandEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(paramLabel = "TOPIC", description = "The topic.")
    private String topic;

    @Option(
            names = "--value",
            paramLabel = "TEXT",
            description = "A record value; repeatable. Without it, each line of standard input is a record.")
    private List<String> values;

    @Option(
            names = "--key-separator",
            paramLabel = "SEP",
            description =
                    "Read each line as KEY<SEP>VALUE (kafka-console-producer's parse.key=true key.separator=SEP).")
    private String keySeparator;

    @Option(names = "--header", paramLabel = "KEY=VALUE", description = "A header on every record; repeatable.")
    private List<String> headers = List.of();

    @Option(
            names = "--partition",
            paramLabel = "N",
            description = "Send to this partition (default: by key, or spread when there is none).")
    private Integer partition;

    @Option(
            names = "--compression",
            paramLabel = "TYPE",
            description = "none, gzip, snappy, lz4 or zstd (default: none).")
    private String compression;

    @Option(
            names = "--acks",
            paramLabel = "ACKS",
            description = "all (wait until durable), 1 or 0 (do not wait) (default: all).")
    private String acks;

    ProduceCommand(CommandEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        List<RecordHeader> recordHeaders = headers.stream().map(this::header).toList();
        ProduceResults results = new ProduceResults(topic);
        String stoppedBy = null;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            Iterator<String> lines = lines();
            int lineNumber = 0;
            while (lines.hasNext() && !results.failed()) {
                String line = lines.next();
                lineNumber++;
                ProducerRecord<byte[], byte[]> record = record(line, lineNumber, recordHeaders);
                if (record == null) {
                    stoppedBy = "line " + lineNumber + " has no key separator '" + keySeparator
                            + "'; write each line as KEY" + keySeparator + "VALUE";
                    break;
                }
                try {
                    producer.send(record, results::onCompletion);
                } catch (KafkaException e) {
                    results.onCompletion(null, e);
                }
            }
            producer.flush();
        }
        spec.commandLine().getErr().println(results.summary(acks));
        if (results.failed()) throw failure(results.firstFailure());
        if (stoppedBy != null) throw new CommandFailedException(stoppedBy);
        return 0;
    }

    private void validate() {
        if (compression != null && !COMPRESSION_TYPES.contains(compression)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--compression must be one of none, gzip, snappy, lz4, zstd, was '" + compression + "'");
        }
        if (acks != null && !ACKS.contains(acks)) {
            throw new ParameterException(spec.commandLine(), "--acks must be all, 1 or 0, was '" + acks + "'");
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--key-separator must not be empty");
        }
        if (partition != null && partition < 0) {
            throw new ParameterException(spec.commandLine(), "--partition must be >= 0, was " + partition);
        }
    }

    private RecordHeader header(String keyValue) {
        int equals = keyValue.indexOf('=');
        if (equals <= 0) {
            throw new ParameterException(spec.commandLine(), "--header must be KEY=VALUE, was '" + keyValue + "'");
        }
        return new RecordHeader(
                keyValue.substring(0, equals), keyValue.substring(equals + 1).getBytes(StandardCharsets.UTF_8));
    }

    private Properties producerProperties() {
        Properties properties = client.properties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (compression != null) properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        if (acks != null) properties.put(ProducerConfig.ACKS_CONFIG, acks);
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "herald-produce");
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        // A missing broker or topic shows as metadata that never comes: give up after a few seconds, not a minute.
        properties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(ClientOptions.API_TIMEOUT_MS));
        properties.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        return properties;
    }

    private Iterator<String> lines() {
        if (values != null) return values.iterator();
        BufferedReader reader = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8));
        return new Iterator<>() {
            private String next = read();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String line = next;
                next = read();
                return line;
            }

            private String read() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read standard input", e);
                }
            }
        };
    }

    /** The record for one line, or null when the line lacks the key separator. */
    private ProducerRecord<byte[], byte[]> record(String line, int lineNumber, List<RecordHeader> recordHeaders) {
        byte[] key = null;
        String value = line;
        if (keySeparator != null) {
            int at = line.indexOf(keySeparator);
            if (at < 0) return null;
            key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
            value = line.substring(at + keySeparator.length());
        }
        return new ProducerRecord<>(
                topic, partition, key, value.getBytes(StandardCharsets.UTF_8), List.copyOf(recordHeaders));
    }

    private CommandFailedException failure(Exception e) throws InterruptedException {
        String bootstrapServers = client.bootstrapServers();
        if (e instanceof TimeoutException && String.valueOf(e.getMessage()).contains("not present in metadata")) {
            if (!client.brokerReachable())
                return new CommandFailedException(KafkaFailures.unreachable(bootstrapServers));
            String partitionNote = partition == null ? "" : " (or has no partition " + partition + ")";
            return new CommandFailedException("topic '" + topic + "' does not exist on " + bootstrapServers
                    + partitionNote + " and the broker does not create topics on first use; create it with: herald"
                    + " topics create " + topic);
        }
        return KafkaFailures.explain(e, bootstrapServers, topic);
    }
}
