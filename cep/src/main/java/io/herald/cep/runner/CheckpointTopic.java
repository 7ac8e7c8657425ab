package io.herald.cep.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads and writes runner checkpoints in the compacted checkpoint topic (one partition), laid out as {@link
 * CheckpointRecords} describes. After a checkpoint smaller than the one its slot held before, the chunks past its
 * count are deleted (tombstones after the commit record). Reading scans the topic from its beginning with a consumer of its own (no group);
 * writing goes through the runner's idempotent producer. Used by the runner's loop thread only; not thread-safe.
 */
final class CheckpointTopic {
    private static final long TIMEOUT_MS = 15_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final RunnerSettings settings;
    private final String clientId;
    /** The keys of the group and assignment last read that hold a value, kept up to date by writes. */
    private final Set<String> presentKeys = new HashSet<>();

    CheckpointTopic(RunnerSettings settings, String clientId) {
        this.settings = settings;
        this.clientId = clientId;
    }

    /**
     * Creates the checkpoint topic if it is missing: one partition, {@code cleanup.policy=compact}, the cluster's
     * default replication.
     *
     * @throws IllegalStateException when the cluster cannot be reached or refuses to create it
     */
    void ensureExists() {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        String topic = settings.checkpointTopic();
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (existing.contains(topic)) {
                return;
            }
            NewTopic compacted = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(compacted)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another runner creating it at the same time is fine
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster at " + settings.bootstrapServers()
                    + " within " + TIMEOUT_MS / 1000 + " s to create the checkpoint topic " + topic);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the checkpoint topic " + topic + " on " + settings.bootstrapServers() + ": "
                            + e.getCause().getMessage()
                            + "; create it (one partition, cleanup.policy=compact), or turn checkpoints off"
                            + " (checkpoint interval 0)",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the checkpoint topic " + topic, e);
        }
    }

    /**
     * Reads the whole topic and picks the checkpoint of this group and assignment to trust.
     *
     * @throws IllegalStateException when the topic cannot be read to its end in time
     */
    CheckpointRecords.Found read(String commitKey) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-checkpoints");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(settings.checkpointTopic(), 0);
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
            long deadlineMs = settings.clock().millis() + READ_TIMEOUT.toMillis();
            while (consumer.position(partition, READ_TIMEOUT) < end) {
                if (settings.clock().millis() > deadlineMs) {
                    throw new IllegalStateException("could not read the checkpoint topic " + settings.checkpointTopic()
                            + " to its end (offset " + end + ") within " + READ_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (CheckpointRecords.belongsTo(record.key(), commitKey)) {
                        if (record.value() == null) {
                            latest.remove(record.key());
                        } else {
                            latest.put(record.key(), record.value());
                        }
                    }
                }
            }
        }
        presentKeys.clear();
        presentKeys.addAll(latest.keySet());
        return CheckpointRecords.choose(latest, commitKey);
    }

    /**
     * Writes a checkpoint (chunks, then the commit record) and waits until all are acknowledged.
     *
     * @throws IllegalStateException when a record is not acknowledged; the commit record may then be missing, which
     *     leaves the previous checkpoint in force
     */
    void write(KafkaProducer<String, byte[]> producer, String commitKey, long epoch, byte[] checkpoint) {
        List<ProducerRecord<String, byte[]>> records =
                new ArrayList<>(CheckpointRecords.records(settings.checkpointTopic(), commitKey, epoch, checkpoint));
        int chunks = records.size() - 1;
        List<String> stale = CheckpointRecords.staleChunkKeys(presentKeys, commitKey, (int) (epoch % 2), chunks);
        for (String key : stale) { // after the commit record: they are unused from then on
            records.add(new ProducerRecord<>(settings.checkpointTopic(), 0, key, null));
        }
        List<Future<RecordMetadata>> sent = records.stream()
                .map((ProducerRecord<String, byte[]> r) -> producer.send(r))
                .toList();
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            records.forEach(r -> presentKeys.add(r.key()));
            stale.forEach(presentKeys::remove);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "checkpoint epoch " + epoch + " of " + commitKey + " was not written to "
                            + settings.checkpointTopic() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a checkpoint of " + commitKey, e);
        }
    }
}
