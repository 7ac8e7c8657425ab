package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HeraldExtension.class)
@Timeout(60)
class ExtendWithIT {
    private final EmbeddedHerald herald;

    ExtendWithIT(EmbeddedHerald herald) {
        this.herald = herald;
    }

    @Test
    void recordsRoundTripThroughTheInjectedBroker(EmbeddedHerald injected) throws Exception {
        Records.produce(injected, "orders", 0, List.of("created", "paid"));

        assertThat(Records.read(injected, "orders", 0, 2)).containsExactly("created", "paid");
    }

    @Test
    void constructorAndMethodGetTheSameBroker(EmbeddedHerald injected) {
        assertThat(injected).isSameAs(herald);
        assertThat(injected.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void dataIsInATemporaryDirectory() {
        assertThat(herald.dataDir()).exists().isDirectory();
        assertThat(herald.dataDir().getFileName().toString()).startsWith("herald-testkit-");
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassSharesTheEnclosingBroker(EmbeddedHerald injected) {
            assertThat(injected).isSameAs(herald);
        }
    }
}
