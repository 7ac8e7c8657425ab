package io.herald.cep.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.HeraldExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class RulesTopicIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create();

    /**
     * The reader's fetch waits up to 5 s on an idle topic. A close that waited for it, to end the fetch session,
     * held up a server's SIGTERM by as long. The bound is a hang check, not a speed target: the close takes
     * milliseconds, the fetch it must not wait for about 5 s.
     */
    @Test
    void closeDoesNotWaitForTheReadersFetchOnAnIdleTopic() throws Exception {
        RulesTopic topic = new RulesTopic(
                herald.bootstrapServers(), "rules_close", Map.of(), Duration.ofSeconds(30), (name, rule) -> {});
        topic.start();
        Thread.sleep(500); // the reader's first fetch of the idle topic is now held by the broker

        long startNanos = System.nanoTime();
        topic.close();
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
}
