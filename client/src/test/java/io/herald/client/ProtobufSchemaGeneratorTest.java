package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtobufSchemaGeneratorTest {
    enum Status {
        OPEN,
        CLOSED
    }

    record Line(String sku, int quantity) {}

    @EventType("shop.OrderPlaced")
    record OrderPlaced(
            String orderId,
            long amountCents,
            Status status,
            List<Line> lines,
            Map<String, Long> counts,
            Optional<String> note,
            byte[] signature) {}

    record Nested(List<List<String>> rows) {}

    @Test
    void theRecordIsTheFilesFirstMessageWithFieldsNumberedByPosition() {
        assertThat(ProtobufSchemaGenerator.schemaTextOf(OrderPlaced.class)).isEqualTo("""
                        syntax = "proto3";
                        package shop;

                        message OrderPlaced {
                          string orderId = 1;
                          int64 amountCents = 2;
                          Status status = 3;
                          repeated Line lines = 4;
                          map<string, int64> counts = 5;
                          optional string note = 6;
                          bytes signature = 7;
                        }

                        enum Status {
                          STATUS_OPEN = 0;
                          STATUS_CLOSED = 1;
                        }

                        message Line {
                          string sku = 1;
                          int32 quantity = 2;
                        }
                        """);
    }

    @Test
    void aListOfListsIsRefusedNamingTheComponent() {
        assertThatThrownBy(() -> ProtobufSchemaGenerator.schemaTextOf(Nested.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component rows")
                .hasMessageContaining("no Protobuf mapping");
    }
}
