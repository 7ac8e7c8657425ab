package io.herald.cep.runner;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Deletes the checkpoints of consumer groups no runner will use again (a dropped rule's, a replaced version's): a
 * tombstone for every key of the checkpoint topic under {@code <group>/} that still holds a value (commit records and
 * chunks, of every assignment, {@link CheckpointRecords}), so compaction removes them. Call it once the groups'
 * runners in this process stopped: a runner writes a last checkpoint when it closes, and a tombstone written before
 * that would be overwritten. Runners of the same groups in other processes clean up after their own stop.
 *
 * <p>Reads the topic from its beginning to its end with a consumer of its own (no group), then writes with an
 * idempotent producer ({@code acks=all}) and waits for every acknowledgement. A missing topic means nothing to delete
 * (it is not created). Stateless; each call uses its own clients, so any thread may call it.
 */
public final class CheckpointTombstones {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private CheckpointTombstones() {}

    /**
     * Writes tombstones for every key of {@code groups} in the checkpoint topic that holds a value.
     *
     * @param settings the cluster, client properties and checkpoint topic
     * @param groups the consumer groups whose checkpoints go ({@link RuleRunner#groupId})
     * @return the number of tombstones written
     * @throws IllegalStateException when the topic cannot be read to its end or a tombstone is not acknowledged in
     *     15 s; the keys left then stay ignored, as before (a group without committed offsets ignores its checkpoint)
     */
    public static int write(RunnerSettings settings, Collection<String> groups) {
        if (groups.isEmpty() || !topicExists(settings)) {
            return 0;
        }
        Set<String> present = presentKeys(settings, groups);
        if (present.isEmpty()) {
            return 0;
        }
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerProperties(settings), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = present.stream()
                    .sorted()
                    .map(key ->
                            producer.send(new ProducerRecord<String, byte[]>(settings.checkpointTopic(), 0, key, null)))
                    .toList();
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the tombstones of " + groups + " to the checkpoint topic "
                    + settings.checkpointTopic() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting the checkpoints of " + groups, e);
        }
        return present.size();
    }

    private static boolean topicExists(RunnerSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-cep-checkpoint-tombstones-admin");
        try (Admin admin = Admin.create(p)) {
            return admin.listTopics()
                    .names()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .contains(settings.checkpointTopic());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics of " + settings.bootstrapServers()
                    + " to find the checkpoint topic " + settings.checkpointTopic() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for the checkpoint topic", e);
        }
    }

    /** The keys of the groups whose latest record holds a value, read from the beginning to the end offset. */
    private static Set<String> presentKeys(RunnerSettings settings, Collection<String> groups) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-cep-checkpoint-tombstones");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(settings.checkpointTopic(), 0);
        Set<String> present = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadlineMs = settings.clock().millis() + TIMEOUT.toMillis();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (settings.clock().millis() > deadlineMs) {
                    throw new IllegalStateException("could not read the checkpoint topic " + settings.checkpointTopic()
                            + " to its end (offset " + end + ") within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (groups.stream().anyMatch(g -> CheckpointRecords.belongsToGroup(record.key(), g))) {
                        if (record.value() == null) {
                            present.remove(record.key());
                        } else {
                            present.add(record.key());
                        }
                    }
                }
            }
        }
        return present;
    }

    private static Properties producerProperties(RunnerSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-cep-checkpoint-tombstones");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        return p;
    }
}
