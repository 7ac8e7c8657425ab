package io.herald.cep.runner;

import io.herald.cep.plan.Rule;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner's checkpoints: which one to restore when partitions are assigned, and when to write the next. Holds the
 * key of the current assignment, the epoch to write next (-1: none, the topic could not be read, so the slot in use
 * is unknown), and the last checkpoint written and when. Owned by the runner's loop thread; not thread-safe.
 */
final class RunnerCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerCheckpoints.class);

    private final Rule rule;
    private final RunnerSettings settings;
    private final CheckpointTopic topic;

    private String key;
    private long nextEpoch = -1;
    private byte[] last;
    private long lastMs;

    RunnerCheckpoints(Rule rule, RunnerSettings settings) {
        this.rule = rule;
        this.settings = settings;
        this.topic = new CheckpointTopic(settings, "herald-cep-" + rule.name());
    }

    /** Creates the checkpoint topic if checkpoints are on and it is missing. */
    void ensureTopic() {
        if (settings.checkpointsOn()) {
            topic.ensureExists();
        }
    }

    /**
     * The feed to continue with for the partitions now owned, restored from the checkpoint of this group and exact
     * assignment; empty (and a log line saying why) when checkpoints are off, there is none to trust, the group has no
     * committed offsets (new, or deleted: the checkpoint is from an earlier life of its name), or the committed
     * offsets are past the checkpoint's. The caller seeks each partition to the feed's {@link RuleFeed#positions()}.
     */
    Optional<RuleFeed> restore(
            Collection<TopicPartition> owned, Map<TopicPartition, OffsetAndMetadata> committed, long nowMs) {
        if (!settings.checkpointsOn() || owned.isEmpty()) {
            return Optional.empty();
        }
        key = CheckpointRecords.commitKey(RuleRunner.groupId(rule), owned);
        last = null;
        lastMs = nowMs;
        CheckpointRecords.Found found;
        try {
            found = topic.read(key);
        } catch (RuntimeException e) {
            nextEpoch = -1; // the slot in use is unknown: writing could overwrite the good one
            LOG.warn(
                    "rule {}: cannot read the checkpoint topic ({}); replaying from the committed offsets, no"
                            + " checkpoints until the next rebalance",
                    rule.name(),
                    e.getMessage());
            return Optional.empty();
        }
        nextEpoch = found.nextEpoch();
        Optional<String> refusal = found.stored().isEmpty() ? Optional.of(found.reason()) : Optional.empty();
        RuleFeed restored = null;
        if (refusal.isEmpty()) {
            try {
                restored = RuleFeed.restore(
                        rule, settings.limits(), found.stored().get().checkpoint(), nowMs);
                refusal = refusal(found.reason(), restored.positions(), owned, committed);
            } catch (IllegalArgumentException e) {
                refusal = Optional.of(found.reason() + " cannot be restored (" + e.getMessage() + ")");
            }
        }
        if (refusal.isPresent()) {
            LOG.info(
                    "rule {}: {}; starting from the committed offsets (or the start point)",
                    rule.name(),
                    refusal.get());
            return Optional.empty();
        }
        last = found.stored().get().checkpoint();
        LOG.info("rule {}: restored {}; continuing at offsets {}", rule.name(), found.reason(), restored.positions());
        return Optional.of(restored);
    }

    private static Optional<String> refusal(
            String what,
            Map<TopicPartition, Long> offsets,
            Collection<TopicPartition> owned,
            Map<TopicPartition, OffsetAndMetadata> committed) {
        if (!offsets.keySet().equals(Set.copyOf(owned))) {
            return Optional.of(what + " is for partitions " + offsets.keySet() + ", not " + owned);
        }
        for (TopicPartition partition : owned) {
            OffsetAndMetadata from = committed.get(partition);
            if (from == null) {
                // a runner with checkpoints on commits its start at once, so this group is new or was deleted
                return Optional.of(what + " ignored: the group has no committed offset for " + partition);
            }
            if (from.offset() > offsets.get(partition)) {
                return Optional.of(what + " is behind the committed offset " + from.offset() + " of " + partition);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a checkpoint of {@code feed} when checkpoints are on, the interval has passed (or {@code now}) and the
     * state changed since the last one. {@code awaitOutputs} runs first: it returns once every output sent so far is
     * acknowledged (or throws), so a checkpoint never stands for an output that was not written. A checkpoint that
     * cannot be written is logged and tried again later under the same epoch: the previous one stays in force.
     */
    void maybeWrite(
            RuleFeed feed, KafkaProducer<String, byte[]> producer, boolean now, long nowMs, Runnable awaitOutputs) {
        if (!settings.checkpointsOn() || nextEpoch < 0 || feed == null) {
            return;
        }
        if (!now && nowMs - lastMs < settings.checkpointInterval().toMillis()) {
            return;
        }
        lastMs = nowMs;
        byte[] state = feed.checkpoint();
        if (Arrays.equals(state, last)) {
            return;
        }
        awaitOutputs.run();
        try {
            topic.write(producer, key, nextEpoch, state);
            nextEpoch++;
            last = state;
        } catch (IllegalStateException e) {
            LOG.warn("rule {}: {}; the previous checkpoint stays in force", rule.name(), e.getMessage());
        }
    }
}
