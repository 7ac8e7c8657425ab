package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StartPointTest {
    @Test
    void readsNowEarliestAndAnInstantAndPrintsThemBack() {
        assertThat(StartPoint.parse("now")).isEqualTo(StartPoint.NOW);
        assertThat(StartPoint.parse("EARLIEST")).isEqualTo(StartPoint.EARLIEST);
        assertThat(StartPoint.parse("2026-01-31T12:00:00Z"))
                .isEqualTo(new StartPoint.AtTime(Instant.parse("2026-01-31T12:00:00Z")));
        for (String text : new String[] {"now", "earliest", "2026-01-31T12:00:00Z"}) {
            assertThat(StartPoint.parse(text).text()).isEqualTo(text);
        }
    }

    @Test
    void readsOneOffsetForEveryPartitionAndPrintsItBack() {
        assertThat(StartPoint.parse("offset:120")).isEqualTo(new StartPoint.AtOffset(120));
        assertThat(StartPoint.parse(" OFFSET: 7 ")).isEqualTo(new StartPoint.AtOffset(7));
        assertThat(StartPoint.parse("offset:120").text()).isEqualTo("offset:120");
    }

    @Test
    void readsOffsetsPerPartitionAndPrintsThemInTopicAndPartitionOrder() {
        StartPoint from = StartPoint.parse("orders:1=98, orders:0=120,clicks:10=0");

        assertThat(from)
                .isEqualTo(new StartPoint.AtPartitionOffsets(Map.of(
                        new TopicPartition("orders", 0), 120L,
                        new TopicPartition("orders", 1), 98L,
                        new TopicPartition("clicks", 10), 0L)));
        assertThat(from.text()).isEqualTo("clicks:10=0,orders:0=120,orders:1=98");
        assertThat(StartPoint.parse(from.text())).isEqualTo(from);
    }

    @Test
    void aPartitionNotListedHasNoRequestedOffset() {
        StartPoint.AtPartitionOffsets from = (StartPoint.AtPartitionOffsets) StartPoint.parse("orders:0=120");

        assertThat(from.offsetOf(new TopicPartition("orders", 0))).isEqualTo(OptionalLong.of(120));
        assertThat(from.offsetOf(new TopicPartition("orders", 1))).isEmpty();
    }

    @Test
    void anOffsetOutsideTheLogMovesToItsNearestEndAsKafkasResetToolDoes() {
        assertThat(StartPoint.withinLog(120, 100, 500)).isEqualTo(120);
        assertThat(StartPoint.withinLog(5, 100, 500)).isEqualTo(100);
        assertThat(StartPoint.withinLog(900, 100, 500)).isEqualTo(500);
        assertThat(StartPoint.withinLog(0, 0, 0)).isZero();
    }

    @Test
    void badOffsetFormsNameTheValueAndThePartAtFault() {
        assertThatThrownBy(() -> StartPoint.parse("offset:-3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'offset:-3'")
                .hasMessageContaining("integer >= 0, was '-3'");
        assertThatThrownBy(() -> StartPoint.parse("offset:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 'abc'");
        assertThatThrownBy(() -> StartPoint.parse("orders:x=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the partition must be an integer >= 0, was 'x'")
                .hasMessageContaining("orders:0=120,orders:1=98");
        assertThatThrownBy(() -> StartPoint.parse("orders:0=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the offset must be an integer >= 0, was '-1'");
        assertThatThrownBy(() -> StartPoint.parse("orders=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders=5' is not topic:partition=offset");
        assertThatThrownBy(() -> StartPoint.parse("orders:0=1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'' is not topic:partition=offset");
        assertThatThrownBy(() -> StartPoint.parse("orders:0=1,orders:0=2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders:0 is listed twice");
    }

    @Test
    void partitionOffsetsMustNameOnlyTheRulesInputTopics() {
        StartPoint from = StartPoint.parse("orders:0=1,payments:0=2");

        assertThatThrownBy(() -> from.checkInputs("fraud", List.of("orders")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names topic payments, which rule fraud does not read (it reads [orders])");
        from.checkInputs("fraud", List.of("orders", "payments"));
        StartPoint.parse("offset:3").checkInputs("fraud", List.of("orders"));
    }

    @Test
    void anythingElseIsRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> StartPoint.parse("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yesterday'")
                .hasMessageContaining("now, earliest, an ISO-8601 instant")
                .hasMessageContaining("offset:N");
    }
}
