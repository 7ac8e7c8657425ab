package io.herald.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.broker.handler.ProduceHandler.Slot;
import io.herald.broker.partition.Partition.AppendOutcome;
import io.herald.log.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/** The {@code acks=all} wait: each partition answered by its fsync's outcome, or timed out. */
class ProduceHandlerTest {
    final RequestDeadlines deadlines = RequestDeadlines.shared();

    @Test
    void answersOnceEveryAppendIsDurableWithoutWaitingForTheTimeout() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        List<Slot> slots = List.of(appended(0, first), appended(1, second));

        CompletableFuture<Void> answer = ProduceHandler.whenDurable(slots, 3_600_000, deadlines);
        first.complete(null);
        assertThat(answer).isNotDone();
        second.complete(null);

        assertThat(answer).isDone();
        assertThat(slots)
                .allSatisfy(slot -> assertThat(slot.response().errorCode()).isEqualTo(Errors.NONE.code()));
        assertThat(slots.get(1).response().baseOffset()).isEqualTo(100);
    }

    @Test
    void aPartitionStillWaitingForItsFsyncAtTheTimeoutIsAnsweredRequestTimedOut() {
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> stuck = new CompletableFuture<>();
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(new StorageException("disk gone"));
        Slot refused = refused(3);
        List<Slot> slots = List.of(appended(0, durable), appended(1, stuck), appended(2, failed), refused);

        CompletableFuture<Void> answer = ProduceHandler.whenDurable(slots, 50, deadlines);

        await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
        assertThat(slots.get(0).response().errorCode()).isEqualTo(Errors.NONE.code());
        PartitionProduceResponse late = slots.get(1).response();
        assertThat(late.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(late.errorMessage()).contains("not yet on disk after 50 ms");
        assertThat(late.baseOffset()).isEqualTo(-1);
        assertThat(slots.get(2).response().errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(refused.response().errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        // the deadline failed the request's wait, not the append's own future, which the flusher still completes
        assertThat(stuck).isNotDone();
    }

    private static Slot appended(int partition, CompletableFuture<Void> durable) {
        PartitionProduceResponse response = new PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(Errors.NONE.code())
                .setBaseOffset(100L * partition);
        return new Slot(response, new AppendOutcome(100L * partition, -1, 0, durable));
    }

    private static Slot refused(int partition) {
        PartitionProduceResponse response = new PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                .setBaseOffset(-1);
        return new Slot(response, null);
    }
}
