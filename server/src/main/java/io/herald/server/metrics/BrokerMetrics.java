package io.herald.server.metrics;

import io.herald.broker.topic.Topic;
import io.herald.broker.topic.TopicRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The broker's size as gauges read on each scrape: {@code herald_broker_topics} and {@code herald_broker_partitions},
 * every topic counted, the internal ones ({@code __consumer_offsets}, {@code _schemas}, {@code _herald_rules}, the
 * CEP checkpoints) included.
 *
 * <p>Thread-safe: the topic registry's map is concurrent and its topics immutable.
 */
final class BrokerMetrics implements MeterBinder {
    private final TopicRegistry topics;

    BrokerMetrics(TopicRegistry topics) {
        this.topics = topics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("herald.broker.topics", topics, t -> t.topics().size())
                .description("Topics in this broker, internal ones included.")
                .register(registry);
        Gauge.builder("herald.broker.partitions", topics, BrokerMetrics::partitions)
                .description("Partitions of all topics in this broker, internal ones included.")
                .register(registry);
    }

    private static double partitions(TopicRegistry topics) {
        long partitions = 0;
        for (Topic topic : topics.topics()) {
            partitions += topic.partitionCount();
        }
        return partitions;
    }
}
