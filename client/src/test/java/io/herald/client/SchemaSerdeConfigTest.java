package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SchemaSerdeConfigTest {

    @Test
    void confluentsPropertyNamesAreRead() {
        SchemaSerdeConfig config = SchemaSerdeConfig.fromProperties(Map.of(
                "schema.registry.url", "http://registry:8081",
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "normalize.schemas", "true",
                "json.fail.invalid.schema", "false"));

        assertThat(config)
                .isEqualTo(new SchemaSerdeConfig(
                        "http://registry:8081", false, true, SubjectNameStrategy.RECORD_NAME, true, false));
    }

    @Test
    void theDefaultsRegisterCheckAndNameSubjectsByTopicAndRecord() {
        SchemaSerdeConfig config = SchemaSerdeConfig.fromProperties(Map.of("schema.registry.url", "http://r:8081"));

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.failInvalidSchema()).isTrue();
        assertThat(config.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
    }

    @Test
    void anUnknownPropertyIsRefusedNamingIt() {
        assertThatThrownBy(() -> SchemaSerdeConfig.fromProperties(
                        Map.of("schema.registry.url", "http://r:8081", "auto.register.schema", "false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown schema serde property auto.register.schema");
    }

    @Test
    void aFlagThatIsNotABooleanIsRefusedWithItsValue() {
        assertThatThrownBy(() -> SchemaSerdeConfig.fromProperties(
                        Map.of("schema.registry.url", "http://r:8081", "auto.register.schemas", "no")))
                .hasMessage("auto.register.schemas must be true or false, was no");
    }

    @Test
    void theStrategiesDeriveConfluentsSubjects() {
        assertThat(SubjectNameStrategy.parse("TopicNameStrategy").subject("orders", "OrderPlaced"))
                .isEqualTo("orders-value");
        assertThat(SubjectNameStrategy.parse("RecordNameStrategy").subject("orders", "shop.OrderPlaced"))
                .isEqualTo("shop.OrderPlaced");
        assertThat(SubjectNameStrategy.parse("TopicRecordNameStrategy").subject("orders", "OrderPlaced"))
                .isEqualTo("orders-OrderPlaced");
        assertThatThrownBy(() -> SubjectNameStrategy.parse("TopicStrategy")).hasMessageContaining("was TopicStrategy");
    }

    @Test
    void aSchemaGivenAsAClasspathResourceIsRead() {
        EventSchemas schemas = EventSchemas.builder()
                .json("Payment", 1, "/schemas/payment-v1.json")
                .build();

        assertThat(schemas.given("Payment", 1).schema()).contains("\"minimum\":1");
        assertThat(schemas.given("Payment", 2)).isNull();
        assertThatThrownBy(() -> EventSchemas.builder().json("Payment", 1, "/schemas/missing.json"))
                .hasMessageContaining("schema resource /schemas/missing.json is not on the classpath");
    }
}
