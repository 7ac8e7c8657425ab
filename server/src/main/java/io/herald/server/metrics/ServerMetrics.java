package io.herald.server.metrics;

import io.herald.broker.topic.TopicRegistry;
import io.herald.cep.host.HostedRules;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@code herald server} reports on {@code GET /metrics}: the JVM and process figures of Micrometer's binders
 * (memory, GC, threads, class loading, CPU, uptime, open files), the broker's topic and partition counts
 * ({@link BrokerMetrics}) and the hosted CEP rules' figures ({@link RuleMetrics}), in Prometheus's text exposition
 * format.
 *
 * <p>Each instance has its own registry (never Micrometer's or Prometheus's global one), so several servers in one JVM,
 * as in the tests, do not mix their figures. Thread-safe: scrapes may run concurrently; {@link #close()} once, at stop.
 */
public final class ServerMetrics implements AutoCloseable {
    /** The content type of {@link #scrape()}: Prometheus's text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private ServerMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /**
     * Binds the JVM and process figures, the counts of {@code topics} and the figures of {@code rules}' runners, all
     * read on each scrape.
     */
    public static ServerMetrics create(HostedRules rules, TopicRegistry topics) {
        ServerMetrics metrics = create(new RuleMetrics(rules::list));
        new BrokerMetrics(topics).bindTo(metrics.registry);
        return metrics;
    }

    /** The JVM and process figures and {@code rules}, without a broker (for tests of the rule series). */
    static ServerMetrics create(RuleMetrics rules) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // listens to the JVM's GC notifications until closed
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        registry.getPrometheusRegistry().register(rules);
        return new ServerMetrics(registry, gc);
    }

    /** Every metric now, in the format of {@link #CONTENT_TYPE}. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Stops listening to GC notifications and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
