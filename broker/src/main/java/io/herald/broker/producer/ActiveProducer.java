package io.herald.broker.producer;

/**
 * One producer with state on a partition, as DescribeProducers reports it. Herald keeps no transactions, so {@code
 * coordinatorEpoch} and {@code currentTxnStartOffset} are always -1.
 *
 * @param lastTimestamp the max timestamp of the producer's last batch
 */
public record ActiveProducer(
        long producerId,
        short producerEpoch,
        int lastSequence,
        long lastTimestamp,
        int coordinatorEpoch,
        long currentTxnStartOffset) {}
