package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.HeraldExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadLetterIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    record Payment(@Key String paymentId, long amountCents) {}

    static final class CardDeclined extends RuntimeException {
        CardDeclined(String message) {
            super(message);
        }
    }

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private EventSubscriber.Builder subscriber(String group, String topic) {
        return EventSubscriber.builder()
                .bootstrapServers(herald.bootstrapServers())
                .groupId(group)
                .topics(topic)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(100), 2.0, Duration.ofMillis(300), 0.5))
                .sleeper(sleeps::add)
                .random(new Random(7));
    }

    private PublishResult publish(String topic, Object event) throws Exception {
        try (EventPublisher publisher = EventPublisher.builder()
                .bootstrapServers(herald.bootstrapServers())
                .source("/payments")
                .build()) {
            return publisher.publish(topic, event).get();
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aHandlerThatKeepsFailingIsRetriedWithBackoffThenDeadLettered() throws Exception {
        herald.herald().createTopic("payments", 2);
        PublishResult published = publish("payments", new Payment("p-1", 500));
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger afterwards = new AtomicInteger();

        try (EventSubscriber subscriber = subscriber("charger", "payments")
                .on(Payment.class, event -> {
                    if (event.data().paymentId().equals("p-1")) {
                        attempts.incrementAndGet();
                        throw new CardDeclined("card of " + event.data().paymentId() + " declined");
                    }
                    afterwards.incrementAndGet();
                })
                .start()) {
            List<ConsumerRecord<String, byte[]>> deadLetters = read("payments.dlq", 1);
            publish("payments", new Payment("p-2", 700));
            // the dead-lettered event counts as handled: the partition goes on
            await().atMost(Duration.ofSeconds(20)).until(() -> afterwards.get() == 1);

            ConsumerRecord<String, byte[]> deadLetter = deadLetters.getFirst();
            assertThat(attempts).hasValue(4);
            assertThat(deadLetter.key()).isEqualTo("p-1");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"paymentId\":\"p-1\",\"amountCents\":500}");
            assertThat(header(deadLetter, "ce_id")).isEqualTo(published.eventId());
            assertThat(header(deadLetter, "ce_type")).isEqualTo("Payment");
            assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(CardDeclined.class.getName());
            assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("card of p-1 declined");
            assertThat(header(deadLetter, DeadLetterHeaders.STACKTRACE))
                    .startsWith(CardDeclined.class.getName() + ": card of p-1 declined")
                    .contains("\tat io.herald.client.DeadLetterIT");
            assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("4");
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("payments");
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION))
                    .isEqualTo(Integer.toString(published.partition()));
            assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET))
                    .isEqualTo(Long.toString(published.offset()));
            assertThat(header(deadLetter, DeadLetterHeaders.GROUP_ID)).isEqualTo("charger");
            assertThat(subscriber.health().failureCount()).isEqualTo(4);
            assertThat(subscriber.health().lastFailure()).contains("card of p-1 declined");
        }
        // 100, 200, then 400 capped at 300 ms, each within ±50%
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(450));
    }

    @Test
    void aDeadLetterDueAfterTheSubscriberClosedIsLeftToTheNextOwner() throws Exception {
        herald.herald().createTopic("chargebacks", 1);
        publish("chargebacks", new Payment("c-1", 300));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();

        EventSubscriber closing = subscriber("chargebacker", "chargebacks")
                .on(Payment.class, event -> {
                    if (attempts.incrementAndGet() == 1) {
                        entered.countDown();
                        // a handler that swallows the close's interrupt (as some drivers and pools do)
                        while (true) {
                            try {
                                release.await();
                                break;
                            } catch (InterruptedException swallowed) {
                                // keeps waiting
                            }
                        }
                    }
                    throw new CardDeclined("chargeback of " + event.data().paymentId() + " declined");
                })
                .start();
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        closing.close(Duration.ofMillis(100));
        release.countDown();

        // its retry runs out after the close: the dead letter is not written, and not retried for ever either
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() == 4);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> sleeps.size() == 3);
        // the offset was not committed: the group's next member handles the event
        AtomicInteger handledAgain = new AtomicInteger();
        try (EventSubscriber next = subscriber("chargebacker", "chargebacks")
                .on(Payment.class, event -> handledAgain.incrementAndGet())
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> handledAgain.get() == 1);
        }
    }

    @Test
    void aHandlerThatRecoversIsNotDeadLettered() throws Exception {
        herald.herald().createTopic("refunds", 1);
        publish("refunds", new Payment("r-1", 100));
        publish("refunds", new Payment("r-2", 200));
        Map<String, Integer> attempts = new HashMap<>();
        List<String> done = new CopyOnWriteArrayList<>();

        try (EventSubscriber subscriber = subscriber("refunder", "refunds")
                .on(Payment.class, event -> {
                    String id = event.data().paymentId();
                    synchronized (attempts) {
                        if (attempts.merge(id, 1, Integer::sum) < 3) {
                            throw new IllegalStateException("flaky " + id);
                        }
                    }
                    done.add(id);
                })
                .start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 2);
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            subscriber.health().inFlight().values().stream().allMatch(n -> n == 0));
        }

        assertThat(attempts).containsEntry("r-1", 3).containsEntry("r-2", 3);
        try (var consumer = new KafkaConsumer<>(
                herald.herald().consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition dlq = new TopicPartition("refunds.dlq", 0);
            assertThat(consumer.endOffsets(List.of(dlq))).containsEntry(dlq, 0L);
        }
    }

    @Test
    void aRecordThatIsNotACloudEventIsDeadLetteredAtOnce() throws Exception {
        herald.herald().createTopic("mixed", 1);
        try (var producer = new KafkaProducer<String, String>(herald.herald().producerProperties())) {
            producer.send(new ProducerRecord<>("mixed", "k", "plain text, no ce_ headers"))
                    .get();
        }

        try (EventSubscriber subscriber =
                subscriber("mixer", "mixed").on(Payment.class, event -> {}).start()) {
            ConsumerRecord<String, byte[]> deadLetter = read("mixed.dlq", 1).getFirst();

            assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
            assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                    .contains("not a CloudEvent")
                    .contains("no ce_type header");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("plain text, no ce_ headers");
            assertThat(subscriber.health().running()).isTrue();
        }
    }

    @Test
    void anEventWithAMalformedTimeIsDeadLetteredBeforeItsHandlerRuns() throws Exception {
        herald.herald().createTopic("timed", 1);
        try (var producer = new KafkaProducer<String, byte[]>(
                herald.herald().producerProperties(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(paymentRecord("timed", "bad-time", "yesterday")).get();
            producer.send(paymentRecord("timed", "good-time", "2026-11-29T13:22:26.119Z"))
                    .get();
        }
        List<String> handled = new CopyOnWriteArrayList<>();

        try (EventSubscriber subscriber = subscriber("timer", "timed")
                .on(Payment.class, event -> handled.add(event.id()))
                .start()) {
            ConsumerRecord<String, byte[]> deadLetter = read("timed.dlq", 1).getFirst();
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("good-time"));

            assertThat(header(deadLetter, "ce_id")).isEqualTo("bad-time");
            assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
            assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION_MESSAGE))
                    .contains("not a CloudEvent")
                    .contains("yesterday");
            assertThat(handled).containsExactly("good-time");
        }
    }

    /** A Payment in binary mode written by hand, with the given {@code ce_time} text. */
    private static ProducerRecord<String, byte[]> paymentRecord(String topic, String id, String time) {
        var record = new ProducerRecord<String, byte[]>(
                topic, "p-1", "{\"paymentId\":\"p-1\",\"amountCents\":5}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", "/payments");
        headers.put("ce_type", "Payment");
        headers.put("content-type", "application/json");
        headers.put("ce_time", time);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
