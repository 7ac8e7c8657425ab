package io.herald.cep.host;

import io.herald.cep.runner.RuleRunner;
import io.herald.cep.runner.RunnerSettings;
import io.herald.cep.runner.StartPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules hosted by a process, kept in a compacted topic ({@link #TOPIC}) of any Kafka cluster: the catalog of deployed
 * rules (replayed from the topic, then followed), this process's runners of them ({@link RuleHost}), and the
 * operations that change them — deploy, pause, resume, drop — which write to the topic and return once this process
 * has applied the record. Every process that hosts the same topic applies the same records, so a rule deployed
 * through one runs on all of them, its partitions shared through its version's consumer group. Nothing but the
 * changed rule's runner is started or stopped. At start the topic is replayed into the catalog first, and only the
 * rules it then holds get runners: a rule deployed and dropped (or replaced) in the uncompacted part of the topic
 * never runs again, which would emit its outputs again.
 *
 * <p>Thread-safety: all methods may be called from any thread. The catalog is written only by the topic's reader
 * thread, under {@code applying}, which also orders the start of the replayed rules before any later record. {@code writes} serializes the read-decide-write of deploy, pause, resume and drop within this process, so
 * two concurrent deploys of a rule cannot both take version n+1; it is held across the topic write, which is what
 * it orders. Writers in several processes are not coordinated: deploy through one of them (the server).
 */
public final class HostedRules implements AutoCloseable {
    /** The rules topic: one partition, compacted. */
    public static final String TOPIC = "_herald_rules";

    private static final Logger LOG = LoggerFactory.getLogger(HostedRules.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final RunnerSettings settings;
    private final Clock clock;
    private final Map<String, DeployedRule> catalog = new ConcurrentSkipListMap<>();
    private final RuleHost host;
    private final RulesTopic topic;
    private final CheckpointCleanup cleanup;
    private final ReentrantLock writes = new ReentrantLock();
    private final ReentrantLock applying = new ReentrantLock();
    private boolean replayed; // guarded by applying

    private HostedRules(RunnerSettings settings, Clock clock, RestartBackoff backoff) {
        this.settings = settings;
        this.clock = clock;
        this.host = new RuleHost(settings, clock, backoff);
        this.cleanup = new CheckpointCleanup(settings);
        this.topic = new RulesTopic(
                settings.bootstrapServers(), TOPIC, settings.clientProperties(), TIMEOUT, this::onRecord);
    }

    /**
     * Creates the rules topic where it is missing, replays it (starting the running rules' runners) and follows it.
     *
     * @param settings the cluster and the runners' settings
     * @param clock the time stamped on deploys, and of failed runners' restarts
     * @throws IllegalStateException when the cluster cannot be reached in 15 s or refuses the topic
     */
    public static HostedRules start(RunnerSettings settings, Clock clock) {
        return start(settings, clock, RestartBackoff.DEFAULT);
    }

    /**
     * As {@link #start(RunnerSettings, Clock)}, with another wait before a failed runner is started again.
     *
     * @param backoff how long a failed runner waits before its next start
     */
    public static HostedRules start(RunnerSettings settings, Clock clock, RestartBackoff backoff) {
        HostedRules rules = new HostedRules(settings, clock, backoff);
        try {
            rules.topic.start();
            rules.startReplayedRules();
            rules.cleanup.replayed();
        } catch (TimeoutException | RuntimeException e) {
            rules.close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rules.close();
            throw new IllegalStateException("interrupted while replaying " + TOPIC, e);
        }
        return rules;
    }

    private void onRecord(String name, DeployedRule rule) {
        applying.lock();
        try {
            DeployedRule previous = rule == null ? catalog.remove(name) : catalog.put(name, rule);
            if (replayed) {
                host.apply(name, rule);
            }
            // after apply: this host's runner of a retired version has stopped and written its last checkpoint
            cleanup.retire(RetiredGroups.between(previous, rule));
        } finally {
            applying.unlock();
        }
    }

    /** Starts the runners of the rules the replay left running; records read from now on are applied one by one. */
    private void startReplayedRules() {
        applying.lock();
        try {
            catalog.forEach(host::apply);
            replayed = true;
        } finally {
            applying.unlock();
        }
    }

    /** Every deployed rule, by name, with this host's view of it. */
    public List<RuleStatus> list() {
        List<RuleStatus> all = new ArrayList<>();
        for (DeployedRule rule : catalog.values()) {
            all.add(host.status(rule));
        }
        return all;
    }

    /** One rule with this host's view of it. */
    public Optional<RuleStatus> describe(String name) {
        return Optional.ofNullable(catalog.get(name)).map(host::status);
    }

    /**
     * Deploys a rule text: version 1 for a new name, version n+1 starting at {@code from} when its plan differs from
     * the current one, nothing when it is the same plan ({@link DeployResult.Unchanged}).
     *
     * @throws io.herald.cep.text.RuleSyntaxException when the text does not parse
     * @throws io.herald.cep.plan.InvalidRuleException when it parses but cannot run
     * @throws IllegalArgumentException when {@code from} names offsets of partitions the rule does not read or the
     *     cluster does not have
     * @throws IllegalStateException when the topic cannot be written
     */
    public DeployResult deploy(String text, StartPoint from, String deployedBy) {
        writes.lock();
        try {
            String name = io.herald.cep.text.RuleText.parse(text).name();
            DeployResult result =
                    Deployment.decide(Optional.ofNullable(catalog.get(name)), text, from, deployedBy, clock.instant());
            if (!(result instanceof DeployResult.Unchanged)) {
                if (from instanceof StartPoint.AtPartitionOffsets offsets) {
                    checkPartitionsExist(offsets);
                }
                write(name, result.rule());
            }
            return result;
        } finally {
            writes.unlock();
        }
    }

    /**
     * Refuses explicit start offsets for partitions the cluster does not have: such an offset would be silently
     * ignored, and the partition it meant would start from the beginning.
     */
    private void checkPartitionsExist(StartPoint.AtPartitionOffsets from) {
        Set<String> topics = new TreeSet<>();
        from.offsets().keySet().forEach(p -> topics.add(p.topic()));
        Map<String, TopicDescription> found;
        try (Admin admin = Admin.create(adminProperties())) {
            found = admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException(
                    "start point " + from.text() + ": " + e.getCause().getMessage()
                            + "; name partitions of existing input topics (or deploy from earliest or now)");
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe topics " + topics + " within " + TIMEOUT.toSeconds()
                    + " s to check the start point " + from.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the start point " + from.text(), e);
        }
        for (TopicPartition partition : from.offsets().keySet()) {
            int count = found.get(partition.topic()).partitions().size();
            if (partition.partition() >= count) {
                throw new IllegalArgumentException("start point " + from.text() + " names partition " + partition
                        + ", but topic " + partition.topic() + " has " + count + " partition(s), 0 to " + (count - 1));
            }
        }
    }

    private Properties adminProperties() {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-rules-admin");
        return p;
    }

    /** Pauses a rule: its runners stop; its group keeps its offsets. Pausing a paused rule changes nothing. */
    public RuleStatus pause(String name) {
        return setState(name, RuleState.PAUSED);
    }

    /** Resumes a paused rule from where its version's group stopped. Resuming a running rule changes nothing. */
    public RuleStatus resume(String name) {
        return setState(name, RuleState.RUNNING);
    }

    private RuleStatus setState(String name, RuleState state) {
        writes.lock();
        try {
            DeployedRule current = existing(name);
            if (current.state() != state) {
                write(name, current.withState(state));
            }
            return host.status(catalog.getOrDefault(name, current));
        } finally {
            writes.unlock();
        }
    }

    /**
     * Drops a rule: a tombstone in the topic stops its runners, and each host, once its runner stopped, deletes the
     * checkpoints of the rule's versions (tombstones in the checkpoint topic); then the consumer groups of its
     * versions are deleted (where no other host still has members in them), so a rule deployed later under the same
     * name starts afresh.
     *
     * @return the rule as it was
     */
    public DeployedRule drop(String name) {
        writes.lock();
        try {
            DeployedRule current = existing(name);
            write(name, null);
            deleteGroups(current);
            return current;
        } finally {
            writes.unlock();
        }
    }

    private DeployedRule existing(String name) {
        DeployedRule current = catalog.get(name);
        if (current == null) {
            throw new NoSuchRuleException(name);
        }
        return current;
    }

    private void write(String name, DeployedRule rule) {
        try {
            topic.append(name, rule);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule " + name + " to " + TOPIC, e);
        }
    }

    private void deleteGroups(DeployedRule dropped) {
        List<String> groups = new ArrayList<>();
        for (int version = 1; version <= dropped.version(); version++) {
            groups.add(RuleRunner.groupId(DeployedRule.withVersion(dropped.plan(), version)));
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.deleteConsumerGroups(groups).deletedGroups().forEach((group, future) -> {
                try {
                    future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // a group that never existed, or one another host still runs: left as it is
                    LOG.info("consumer group {} of dropped rule {} left in place: {}", group, dropped.name(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** Stops following the topic, then stops every runner of this host. */
    @Override
    public void close() {
        topic.close();
        host.close();
    }
}
