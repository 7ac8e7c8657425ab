package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes that use the extension through the JUnit Platform launcher, to check what one class cannot see
 * about itself: classes running at the same time get different brokers, and a broker's temporary directory is gone
 * after its class. The classes below are static nested classes, which Maven's test plugins do not run on their own.
 */
@Timeout(120)
class ParallelClassesIT {
    static final Map<String, String> bootstrapServers = new ConcurrentHashMap<>();
    static final Map<String, Path> dataDirs = new ConcurrentHashMap<>();
    static final CyclicBarrier bothRunning = new CyclicBarrier(2);

    @Test
    void classesRunningInParallelGetTheirOwnBrokerPortAndDirectory() {
        TestExecutionSummary summary = run(
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                FirstClass.class,
                SecondClass.class);

        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(bootstrapServers.get("first")).isNotEqualTo(bootstrapServers.get("second"));
        assertThat(dataDirs.get("first")).isNotEqualTo(dataDirs.get("second"));
    }

    @Test
    void temporaryDataDirectoryIsDeletedAfterTheClass() {
        TestExecutionSummary summary = run(Map.of(), ThirdClass.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(dataDirs.get("third")).doesNotExist();
    }

    @Test
    void instanceFieldRegistrationIsRefusedWithTheFix() {
        TestExecutionSummary summary = run(Map.of(), InstanceFieldClass.class);

        assertThat(summary.getFailures()).hasSize(1);
        assertThat(summary.getFailures().getFirst().getException())
                .hasMessageContaining("static @RegisterExtension field");
    }

    private static TestExecutionSummary run(Map<String, String> parameters, Class<?>... classes) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(List.of(classes).stream().map(c -> selectClass(c)).toList())
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    @ExtendWith(HeraldExtension.class)
    static class FirstClass {
        @Test
        void recordsItsBroker(EmbeddedHerald herald) throws Exception {
            bootstrapServers.put("first", herald.bootstrapServers());
            dataDirs.put("first", herald.dataDir());
            bothRunning.await(60, TimeUnit.SECONDS);
        }
    }

    static class SecondClass {
        @RegisterExtension
        static HeraldExtension herald = HeraldExtension.create();

        @Test
        void recordsItsBroker() throws Exception {
            bootstrapServers.put("second", herald.bootstrapServers());
            dataDirs.put("second", herald.herald().dataDir());
            bothRunning.await(60, TimeUnit.SECONDS);
        }
    }

    @ExtendWith(HeraldExtension.class)
    static class ThirdClass {
        @Test
        void recordsItsDataDir(EmbeddedHerald herald) {
            dataDirs.put("third", herald.dataDir());
        }
    }

    static class InstanceFieldClass {
        @RegisterExtension
        HeraldExtension herald = HeraldExtension.create();

        @Test
        void neverRuns() {}
    }
}
