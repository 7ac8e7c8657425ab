package io.herald.cep.runner;

import io.herald.cep.engine.EngineCounters;
import io.herald.cep.engine.Event;
import io.herald.cep.engine.EventTimeExtractor;
import io.herald.cep.engine.Output;
import io.herald.cep.plan.Rule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs one rule against a Kafka cluster through kafka-clients only: consumes the rule's input topics in a consumer
 * group, feeds the engine, and produces its outputs as CloudEvents (binary mode) to the rule's INTO topic,
 * {@code <rule>.late} and {@code <rule>.overflow}.
 *
 * <p><b>Delivery: at least once, with deterministic ids.</b> Outputs go through an idempotent producer with
 * {@code acks=all}. Input offsets are committed only after every output sent before them is acknowledged, and never
 * past the replay point ({@link ReplayPoint}): the last moment the engine's processor held no state, at the oldest
 * event still buffered. A restarted runner (or the instance that takes a partition over) replays from there and
 * rebuilds the state, so it emits again the outputs produced since that point, with the same ids, and nothing with a
 * new id. Idempotent consumers drop the repeats by {@code ce_id}. While a window or pattern rule always holds some
 * state (continuous traffic on a key) the replay point stays where it was; checkpoints bound the replay instead.
 *
 * <p><b>Checkpoints.</b> Every {@link RunnerSettings#checkpointInterval()} (when the state changed), on close and
 * before partitions are revoked, the runner waits until every output sent so far is acknowledged, then writes the
 * engine snapshot with the replay point's state (next offset and largest event time per partition) to the compacted
 * checkpoint topic under its group and exact assignment ({@link CheckpointRecords}). On start and after a rebalance it
 * restores from the checkpoint of its group and assignment when one can be trusted and its offsets are not behind the
 * committed ones, and seeks each partition to the checkpoint's offsets; otherwise it replays from the committed
 * offsets as above. Group offsets keep following the replay point either way, so that fallback stays correct. After a
 * restore only the outputs emitted after the checkpoint are emitted again (same ids, same content).
 *
 * <p><b>Threads.</b> One platform thread per runner, named {@code herald-cep-<rule>}, owns the consumer, the engine
 * and the watermark tracker (none of them is thread-safe); the producer's own I/O thread acknowledges outputs.
 * {@link #close()} and {@link #stats()} may be called from any thread.
 *
 * <p><b>Partitions.</b> A rule key may gather events from every input partition, so when the group moves partitions
 * the runner commits its replay point, checkpoints, discards the engine, and restarts every partition it now owns:
 * from the checkpoint of exactly that assignment if one can be trusted, else from the committed offsets.
 */
public final class RuleRunner implements AutoCloseable {
    private final Rule rule;
    private final RunnerSettings settings;
    private final StartPoint startPoint;
    private final EventTimeExtractor eventTime;
    private final JsonEvents json = new JsonEvents();
    private final CloudEventRecords cloudEvents;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopping;

    private final AtomicLong outputsSent = new AtomicLong();
    private final AtomicLong outputsAcknowledged = new AtomicLong();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private volatile long recordsRead;
    private long recordsHandled; // owned by the loop thread; published with the engine's figures after each poll
    private volatile Map<TopicPartition, Long> positions = Map.of();
    private volatile EngineCounters engineCounters = new EngineCounters(0, 0, 0, 0, 0);
    private volatile long stateSize;
    private volatile long lagRecords;

    // owned by the loop thread; no feed while the runner owns no partitions
    private RuleFeed feed;
    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
    private long lastCommitMs;

    private final RunnerCheckpoints checkpoints; // owned by the loop thread

    private RuleRunner(Rule rule, RunnerSettings settings, StartPoint startPoint) {
        this.rule = rule;
        this.settings = settings;
        this.startPoint = Objects.requireNonNull(startPoint, "a runner needs a start point (StartPoint.EARLIEST)");
        this.eventTime = EventTimeExtractor.of(rule.source());
        this.cloudEvents = new CloudEventRecords(rule, json);
        this.checkpoints = new RunnerCheckpoints(rule, settings);
        this.consumer = new KafkaConsumer<>(consumerProperties(rule, settings));
        try {
            this.producer = new KafkaProducer<>(producerProperties(rule, settings));
        } catch (RuntimeException e) {
            consumer.close(); // a bad client property: do not leave the consumer's resources behind
            throw e;
        }
        this.thread = Thread.ofPlatform().name("herald-cep-" + rule.name()).unstarted(this::run);
    }

    /**
     * Creates the rule's output topics where they are missing (the cluster's default partitions and replication),
     * then starts the runner on its own thread.
     *
     * @throws IllegalStateException when the cluster cannot be reached or refuses to create a topic
     */
    public static RuleRunner start(Rule rule, RunnerSettings settings) {
        return start(rule, settings, StartPoint.EARLIEST);
    }

    /**
     * As {@link #start(Rule, RunnerSettings)}, but the partitions for which the rule version's group has no committed
     * offset start at {@code startPoint} instead of the beginning. Offsets found from a start point other than
     * {@link StartPoint#EARLIEST} are committed at once, so a restart (or a resume) continues from there rather than
     * from a later "now".
     *
     * @throws IllegalStateException when the cluster cannot be reached or refuses to create a topic
     */
    public static RuleRunner start(Rule rule, RunnerSettings settings, StartPoint startPoint) {
        OutputTopics.ensure(rule, settings);
        RuleRunner runner = new RuleRunner(rule, settings, startPoint);
        try {
            runner.checkpoints.ensureTopic();
        } catch (RuntimeException e) {
            runner.consumer.close();
            runner.producer.close();
            throw e;
        }
        runner.thread.start();
        return runner;
    }

    /** Where this runner starts partitions that have no committed offset. */
    public StartPoint startPoint() {
        return startPoint;
    }

    /** The consumer group of a rule: {@code herald-cep.<rule>.v<version>}; a new version starts a new group. */
    public static String groupId(Rule rule) {
        return "herald-cep." + rule.name() + ".v" + rule.version();
    }

    /** The rule this runner runs. */
    public Rule rule() {
        return rule;
    }

    /** Completes when the runner has stopped: normally after {@link #close()}, exceptionally when it failed. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** What the runner has done so far. */
    public RunnerStats stats() {
        EngineCounters counters = engineCounters;
        return new RunnerStats(
                recordsRead,
                outputsSent.get(),
                outputsAcknowledged.get(),
                positions,
                counters.eventsIn(),
                counters.rowsOut(),
                counters.lateEvents(),
                counters.overflowEvents(),
                stateSize,
                lagRecords);
    }

    /**
     * Stops the loop, waits for the outputs in flight, commits the replay point and closes the clients. Returns
     * when the runner's thread has ended; a failure of the runner is left in {@link #done()}.
     */
    @Override
    public void close() {
        stopping = true;
        if (!done.isDone()) {
            consumer.wakeup(); // ends a poll in progress; a loop that already ended needs nothing
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(rule.source().topics(), new Rebalance());
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(settings.pollTimeout())) {
                    if (feed == null) {
                        break; // partitions lost in this poll; the next assignment rebuilds
                    }
                    handle(record);
                }
                if (feed != null) {
                    // idle partitions stop holding the watermark back as processing time passes
                    sendAll(feed.onTime(settings.clock().millis()));
                    positions = feed.positions();
                    commit(false);
                    checkpoint(false);
                    publishFigures();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            finish();
        }
    }

    /**
     * Copies the records read, the engine's figures and the consumer's lag where {@link #stats()} reads them, once per
     * poll, so a reader that sees all records read also sees the engine's figures for them.
     */
    private void publishFigures() {
        engineCounters = feed.counters();
        recordsRead = recordsHandled;
        stateSize = feed.stateSize();
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        lagRecords = lag;
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        switch (json.read(record.value())) {
            case JsonEvents.Parsed.Unreadable u -> {
                send(cloudEvents.unreadable(unreadable(record, u.reason())));
                feed.skipped(partition, record.offset());
            }
            case JsonEvents.Parsed.Fields f -> {
                CloudEventAttributes.addTo(f.fields(), record.headers());
                OptionalLong time = eventTime.eventTimeMs(f.fields(), record.timestamp());
                if (time.isEmpty()) {
                    String field = rule.source().eventTimeField().orElseThrow();
                    send(cloudEvents.unreadable(unreadable(
                            record,
                            "no event time: field " + field
                                    + " is missing or holds neither epoch milliseconds nor an RFC 3339 instant")));
                    feed.skipped(partition, record.offset());
                } else {
                    Event event = new Event(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            time.getAsLong(),
                            record.key(),
                            f.fields());
                    sendAll(feed.onEvent(event, settings.clock().millis()));
                }
            }
        }
        recordsHandled++;
    }

    private Output unreadable(ConsumerRecord<String, byte[]> record, String reason) {
        String coordinates = record.topic() + "-" + record.partition() + "-" + record.offset();
        String id = rule.name() + "/" + rule.version() + "/" + record.key() + "/unreadable/e" + coordinates;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        fields.put("topic", record.topic());
        fields.put("partition", record.partition());
        fields.put("offset", record.offset());
        fields.put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        return new Output(rule.lateTopic(), id, id, Output.Kind.LATE, record.key(), record.timestamp(), fields);
    }

    private void sendAll(List<Output> outputs) {
        for (Output output : outputs) {
            send(cloudEvents.record(output));
        }
    }

    private void send(ProducerRecord<String, byte[]> record) {
        outputsSent.incrementAndGet();
        producer.send(record, (metadata, e) -> {
            if (e == null) {
                outputsAcknowledged.incrementAndGet();
            } else {
                sendFailure.compareAndSet(null, e);
            }
        });
    }

    /** Commits the replay point once every output sent so far is acknowledged. */
    private void commit(boolean now) {
        long nowMs = settings.clock().millis();
        if (!now && nowMs - lastCommitMs < settings.commitInterval().toMillis()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = feed.replayPoint();
        if (offsets.isEmpty() || offsets.equals(committed)) {
            return;
        }
        producer.flush();
        Exception failed = sendFailure.get();
        if (failed != null) {
            throw new IllegalStateException(
                    "rule " + rule.name() + ": an output could not be written (" + failed.getMessage()
                            + "); its input offsets stay uncommitted, so a restart emits it again",
                    failed);
        }
        consumer.commitSync(offsets);
        committed = offsets;
        lastCommitMs = nowMs;
    }

    /** Writes a checkpoint when one is due ({@link RunnerCheckpoints#maybeWrite}). */
    private void checkpoint(boolean now) {
        checkpoints.maybeWrite(feed, producer, now, settings.clock().millis(), this::awaitOutputs);
    }

    /** Returns once every output sent so far is acknowledged; throws when one could not be written. */
    private void awaitOutputs() {
        producer.flush();
        Exception failed = sendFailure.get();
        if (failed != null) {
            throw new IllegalStateException(
                    "rule " + rule.name() + ": an output could not be written (" + failed.getMessage()
                            + "); no checkpoint is taken past it, so a restart emits it again",
                    failed);
        }
    }

    /**
     * The feed for the partitions now owned: restored from a checkpoint when one can be trusted, else a fresh engine
     * with every owned partition restarted from its committed offset (or the start point).
     */
    private void rebuild(Collection<TopicPartition> owned) {
        long now = settings.clock().millis();
        Map<TopicPartition, OffsetAndMetadata> start = consumer.committed(Set.copyOf(owned));
        Optional<RuleFeed> restored = checkpoints.restore(owned, start, now);
        if (restored.isPresent()) {
            feed = restored.get();
            feed.positions().forEach(consumer::seek);
            committed = feed.replayPoint();
            positions = feed.positions();
            return;
        }
        feed = new RuleFeed(rule, settings.limits());
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : owned) {
            OffsetAndMetadata from = start.get(partition);
            if (from == null) {
                fresh.add(partition);
            } else {
                consumer.seek(partition, from.offset());
                feed.start(partition, from.offset(), from, now);
            }
        }
        seekToStartPoint(fresh);
        for (TopicPartition partition : fresh) {
            feed.start(partition, consumer.position(partition), null, now);
        }
        feed.started(now);
        committed = feed.replayPoint();
        positions = feed.positions();
        if (!fresh.isEmpty() && (!(startPoint instanceof StartPoint.Earliest) || settings.checkpointsOn())) {
            // "now" and a back-fill time are resolved once: a restart must not move them; and a checkpoint is
            // trusted only by a group with committed offsets, so that one left by a deleted group is not
            consumer.commitSync(committed);
        }
    }

    private void seekToStartPoint(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        switch (startPoint) {
            case StartPoint.Earliest e -> consumer.seekToBeginning(partitions);
            case StartPoint.Latest l -> consumer.seekToEnd(partitions);
            case StartPoint.AtTime at -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, at.time().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp offset = found.get(partition);
                    if (offset == null) {
                        consumer.seekToEnd(List.of(partition)); // no record at or after the time yet
                    } else {
                        consumer.seek(partition, offset.offset());
                    }
                }
            }
            case StartPoint.AtOffset at -> seekWithinLog(partitions, p -> OptionalLong.of(at.offset()));
            case StartPoint.AtPartitionOffsets at -> seekWithinLog(partitions, at::offsetOf);
        }
    }

    /** Each partition at its requested offset moved into its log; one with none requested at the beginning. */
    private void seekWithinLog(
            List<TopicPartition> partitions, java.util.function.Function<TopicPartition, OptionalLong> requested) {
        Map<TopicPartition, Long> logStart = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> logEnd = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long start = logStart.get(partition);
            OptionalLong offset = requested.apply(partition);
            consumer.seek(
                    partition,
                    offset.isPresent()
                            ? StartPoint.withinLog(offset.getAsLong(), start, logEnd.get(partition))
                            : start);
        }
    }

    private void fail(Throwable e) {
        done.completeExceptionally(e);
    }

    private void finish() {
        try {
            if (!done.isDone() && feed != null) {
                commit(true);
                checkpoint(true);
            }
        } catch (Exception e) {
            fail(e);
        }
        feed = null; // closing the consumer revokes its partitions: the listener must not commit again
        try {
            producer.close(Duration.ofSeconds(30));
        } catch (Exception e) {
            fail(e);
        }
        try {
            consumer.close();
        } catch (Exception e) {
            fail(e);
        }
        done.complete(null); // no effect when the runner failed: done then holds the failure
    }

    /** Commits before partitions move; rebuilds from the committed offsets after. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (feed != null && !partitions.isEmpty()) {
                commit(true);
                checkpoint(true);
                feed = null;
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (feed != null && partitions.isEmpty()) {
                return; // a cooperative rebalance that changed nothing here
            }
            if (feed != null) {
                commit(true);
                checkpoint(true);
            }
            rebuild(consumer.assignment());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            feed = null;
        }
    }

    private static Properties consumerProperties(Rule rule, RunnerSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(rule));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-cep-" + rule.name());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a rule's first run reads its inputs from the beginning: the replay guarantee needs a fixed start
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static Properties producerProperties(Rule rule, RunnerSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-cep-" + rule.name());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
