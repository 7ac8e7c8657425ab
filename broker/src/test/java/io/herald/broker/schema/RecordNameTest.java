package io.herald.broker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordNameTest {
    private static final String PROTO = """
            syntax = "proto3";
            // message Commented { }
            package com.acme.orders;
            import "google/protobuf/timestamp.proto";
            /* message AlsoCommented {} */
            message Order {
              option (meta) = { text: "message Fake {" };
              string id = 1;
              message Line { string sku = 1; }
              enum Status { NEW = 0; }
              message Address { message Geo { double lat = 1; } }
            }
            message Refund { oneof reason { string text = 1; } }
            """;

    @Test
    void avroRecordNameIsQualifiedByItsNamespace() {
        String schema = "{\"type\":\"record\",\"namespace\":\"com.acme\",\"name\":\"Order\",\"fields\":[]}";

        assertThat(RecordName.of("AVRO", schema, List.of())).isEqualTo("com.acme.Order");
    }

    @Test
    void avroDottedNameIgnoresTheNamespace() {
        String schema = "{\"type\":\"enum\",\"namespace\":\"x\",\"name\":\"com.acme.Colour\",\"symbols\":[\"RED\"]}";

        assertThat(RecordName.of("AVRO", schema, List.of())).isEqualTo("com.acme.Colour");
    }

    @Test
    void avroUnnamedTypesAreNamedByTheirType() {
        assertThat(RecordName.of("AVRO", "\"string\"", List.of())).isEqualTo("string");
        assertThat(RecordName.of("AVRO", "{\"type\":\"map\",\"values\":\"long\"}", List.of()))
                .isEqualTo("map");
        assertThat(RecordName.of("AVRO", "[\"null\",\"string\"]", List.of())).isEqualTo("union");
    }

    @Test
    void jsonSchemaIsNamedByItsTitle() {
        String schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"properties\":{\"title\":{}},"
                + "\"title\":\"Order\"}";

        assertThat(RecordName.of("JSON", schema, List.of())).isEqualTo("Order");
    }

    @Test
    void jsonSchemaWithoutTitleHasNoRecordName() {
        assertThatThrownBy(() -> RecordName.of("JSON", "{\"type\":\"object\"}", List.of()))
                .hasMessageContaining("no title");
    }

    @Test
    void protobufIndexesPickTopLevelAndNestedMessages() {
        assertThat(RecordName.of("PROTOBUF", PROTO, List.of())).isEqualTo("com.acme.orders.Order");
        assertThat(RecordName.of("PROTOBUF", PROTO, List.of(0, 0))).isEqualTo("com.acme.orders.Order.Line");
        assertThat(RecordName.of("PROTOBUF", PROTO, List.of(0, 1, 0))).isEqualTo("com.acme.orders.Order.Address.Geo");
        assertThat(RecordName.of("PROTOBUF", PROTO, List.of(1))).isEqualTo("com.acme.orders.Refund");
    }

    @Test
    void protobufIndexesPastTheDeclaredMessagesAreRefused() {
        assertThatThrownBy(() -> RecordName.of("PROTOBUF", PROTO, List.of(2)))
                .hasMessageContaining("[2] point at no message");
    }
}
