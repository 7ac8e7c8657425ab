package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class RegisterExtensionIT {
    @RegisterExtension
    static HeraldExtension herald = HeraldExtension.create().withConfig("num.partitions", "3");

    @Test
    void configReachesTheBroker() {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(herald.herald().producerProperties())) {
            assertThat(producer.partitionsFor("auto-created")).hasSize(3);
        }
    }

    @Test
    void fieldAndParameterAreTheSameBroker(EmbeddedHerald injected) {
        assertThat(herald.herald()).isSameAs(injected);
        assertThat(herald.bootstrapServers()).isEqualTo(injected.bootstrapServers());
    }

    @Test
    void createTopicMakesATopicClientsCanUse(EmbeddedHerald injected) throws Exception {
        injected.createTopic("payments", 2);

        Records.produce(injected, "payments", 1, List.of("settled"));

        assertThat(Records.read(injected, "payments", 1, 1)).containsExactly("settled");
    }
}
