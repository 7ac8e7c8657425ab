package io.herald.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * Random runs of a few producers sending in-order batches, retries, gaps, epoch bumps (good and bad) and stale epochs,
 * with time passing, expiry and log start offset moves in between; every answer of the table, and the active producers
 * at the end, must equal {@link SequenceModel}'s.
 */
class ProducerStateTablePropertiesTest {
    private static final long EXPIRATION_MS = 10_000;

    enum Kind {
        NEXT,
        RETRY,
        GAP,
        BUMP_EPOCH,
        BUMP_EPOCH_BAD_SEQUENCE,
        STALE_EPOCH,
        EXPIRE,
        MOVE_LOG_START
    }

    /** One step; which fields matter depends on {@code kind}. */
    record Step(Kind kind, int producer, int records, int back, long elapsedMs) {}

    /** What a producer client believes: its epoch, next sequence, and what it sent, newest last. */
    private static final class Client {
        short epoch;
        int nextSequence;
        final List<ProducerBatch> sent = new ArrayList<>();

        Client(int firstSequence) {
            nextSequence = firstSequence;
        }
    }

    @Property(tries = 300)
    void tableAnswersAsTheModelDoes(@ForAll("steps") List<Step> steps, @ForAll("firstSequences") int firstSequence) {
        ProducerStateTable table = new ProducerStateTable(EXPIRATION_MS);
        SequenceModel model = new SequenceModel(EXPIRATION_MS);
        Map<Integer, Client> clients = new HashMap<>();
        long nowMs = 0;
        long nextOffset = 0;
        for (Step step : steps) {
            nowMs += step.elapsedMs();
            if (step.kind() == Kind.EXPIRE) {
                table.expire(nowMs);
                model.expire(nowMs);
                continue;
            }
            if (step.kind() == Kind.MOVE_LOG_START) {
                long logStart = Math.max(0, nextOffset - step.back());
                table.onLogStartOffsetMoved(logStart);
                model.onLogStartOffsetMoved(logStart);
                continue;
            }
            Client client = clients.computeIfAbsent(step.producer(), p -> new Client(firstSequence));
            ProducerBatch batch = batchFor(step, client);
            if (batch == null) continue;
            Object expected = model.expected(batch);
            SequenceCheck actual = table.check(batch);

            assertThat(actual instanceof SequenceCheck.Reject r ? r.error() : actual)
                    .as("check of %s after %s", batch, step)
                    .isEqualTo(expected);

            client.sent.add(batch);
            if (actual instanceof SequenceCheck.Accept) {
                long lastOffset = nextOffset + batch.recordCount() - 1;
                table.onAppended(batch, nextOffset, lastOffset, nowMs);
                model.append(batch, nextOffset, lastOffset, nowMs);
                nextOffset = lastOffset + 1;
                client.epoch = batch.producerEpoch();
                client.nextSequence = DefaultRecordBatch.incrementSequence(batch.lastSequence(), 1);
            }
        }
        assertThat(table.activeProducers()).isEqualTo(model.activeProducers());
    }

    private static ProducerBatch batchFor(Step step, Client client) {
        long pid = 100 + step.producer();
        return switch (step.kind()) {
            case NEXT -> Batches.batch(pid, client.epoch, client.nextSequence, step.records());
            case GAP ->
                Batches.batch(
                        pid,
                        client.epoch,
                        DefaultRecordBatch.incrementSequence(client.nextSequence, step.back() + 1),
                        step.records());
            case RETRY -> {
                if (client.sent.isEmpty()) yield null;
                yield client.sent.get(Math.max(0, client.sent.size() - 1 - step.back()));
            }
            case BUMP_EPOCH -> Batches.batch(pid, client.epoch + 1, 0, step.records());
            case BUMP_EPOCH_BAD_SEQUENCE -> Batches.batch(pid, client.epoch + 1, step.back() + 1, step.records());
            case STALE_EPOCH ->
                client.epoch == 0 ? null : Batches.batch(pid, client.epoch - 1, client.nextSequence, step.records());
            case EXPIRE, MOVE_LOG_START -> throw new IllegalStateException("not a batch: " + step);
        };
    }

    @Provide
    Arbitrary<Integer> firstSequences() {
        return Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(Integer.MAX_VALUE - 8, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, Integer.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(Kind.NEXT)),
                Tuple.of(6, Arbitraries.just(Kind.RETRY)),
                Tuple.of(2, Arbitraries.just(Kind.GAP)),
                Tuple.of(1, Arbitraries.just(Kind.BUMP_EPOCH)),
                Tuple.of(1, Arbitraries.just(Kind.BUMP_EPOCH_BAD_SEQUENCE)),
                Tuple.of(1, Arbitraries.just(Kind.STALE_EPOCH)),
                Tuple.of(1, Arbitraries.just(Kind.EXPIRE)),
                Tuple.of(1, Arbitraries.just(Kind.MOVE_LOG_START)));
        Arbitrary<Step> step = Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.longs().between(0, 3_000))
                .as(Step::new);
        return step.list().ofMaxSize(80);
    }
}
