package io.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HeraldExtension.class)
@Timeout(90)
class RestartIT {

    @Test
    void restartKeepsTheDataAndTheAddress(EmbeddedHerald herald) throws Exception {
        List<String> values = IntStream.range(0, 20).mapToObj(i -> "event-" + i).toList();
        herald.createTopic("durable", 2);
        Records.produce(herald, "durable", 1, values);
        String before = herald.bootstrapServers();

        herald.restart();

        assertThat(herald.bootstrapServers()).isEqualTo(before);
        assertThat(Records.read(herald, "durable", 1, values.size())).containsExactlyElementsOf(values);
    }
}
