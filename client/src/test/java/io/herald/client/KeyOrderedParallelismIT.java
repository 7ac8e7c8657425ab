package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized: keys, the number of events per key and every handler's delay come from the seed. Checks, for each seed,
 * that events of one key are handled one at a time in publish order, that different keys did run concurrently, and
 * that no commit ever passed an unfinished event.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KeyOrderedParallelismIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record Step(@Key String key, int sequence, int delayMs) {}

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 42L, 20260129L})
    void sameKeyInOrderDifferentKeysConcurrentCommitsNeverPassUnfinished(long seed) throws Exception {
        Random random = new Random(seed);
        String topic = "steps-" + seed;
        int partitions = 1 + random.nextInt(3);
        herald.herald().createTopic(topic, partitions);
        int keys = 5 + random.nextInt(20);
        int events = 150 + random.nextInt(150);
        Map<String, Integer> published = new ConcurrentHashMap<>();
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/steps")
                .build()) {
            List<java.util.concurrent.CompletableFuture<PublishResult>> sent = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                String key = "k" + random.nextInt(keys);
                int sequence = published.merge(key, 1, Integer::sum);
                sent.add(publisher.publish(topic, new Step(key, sequence, random.nextInt(6))));
            }
            for (var future : sent) {
                future.get();
            }
        }

        Map<String, List<Integer>> handledByKey = new ConcurrentHashMap<>();
        Set<String> keysRunning = ConcurrentHashMap.newKeySet();
        Map<TopicPartition, Set<Long>> finishedOffsets = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();

        try (EventSubscriber subscriber = EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId("steps-" + seed)
                .topics(topic)
                .maxInFlightPerPartition(50)
                .on(Step.class, event -> {
                    Step step = event.data();
                    if (!keysRunning.add(step.key())) {
                        violations.add("key " + step.key() + " handled twice at once");
                    }
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(step.delayMs());
                    handledByKey
                            .computeIfAbsent(step.key(), k -> new CopyOnWriteArrayList<>())
                            .add(step.sequence());
                    running.decrementAndGet();
                    keysRunning.remove(step.key());
                    finishedOffsets
                            .computeIfAbsent(
                                    new TopicPartition(event.topic(), event.partition()),
                                    p -> ConcurrentHashMap.newKeySet())
                            .add(event.offset());
                    handled.incrementAndGet();
                })
                .onCommit(offsets -> offsets.forEach((partition, committed) -> {
                    Set<Long> finished = finishedOffsets.getOrDefault(partition, Set.of());
                    for (long offset = 0; offset < committed; offset++) {
                        if (!finished.contains(offset)) {
                            violations.add("commit " + committed + " of " + partition + " passed unfinished " + offset);
                        }
                    }
                }))
                .start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() >= events);
        }

        assertThat(violations).isEmpty();
        assertThat(handledByKey).hasSameSizeAs(published);
        published.forEach((key, count) -> assertThat(handledByKey.get(key))
                .as("sequence of key %s", key)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
        assertThat(maxRunning.get()).as("handlers running at once").isGreaterThan(1);
    }
}
