package io.herald.examples.orders;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end scenario ({@link OrderSystemScenario}) against Apache Kafka itself (a one-node KRaft cluster
 * from Kafka's own test kit, in this JVM) instead of Herald: the services and the fraud rule depend on the Kafka
 * protocol only. Slower than {@link OrderSystemIT} (Kafka's start-up and its consumer group timings), and part of the
 * normal build all the same.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrderSystemOnApacheKafkaIT extends OrderSystemScenario {
    private static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setCombined(true)
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // one broker: Kafka's internal topics default to 3 replicas
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Override
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
