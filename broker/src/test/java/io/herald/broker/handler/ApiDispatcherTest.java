package io.herald.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiDispatcherTest {
    final ApiDispatcher dispatcher = ApiDispatcher.builder()
            .route(ApiKeys.PRODUCE, (context, request) -> null)
            .route(ApiKeys.METADATA, (context, request) -> null)
            .build();

    @Test
    void advertisesOnlyRoutedApisAndApiVersions() {
        assertThat(dispatcher.advertisedVersions())
                .extracting(ApiVersion::apiKey)
                .containsExactlyInAnyOrder(ApiKeys.PRODUCE.id, ApiKeys.METADATA.id, ApiKeys.API_VERSIONS.id);
    }

    @Test
    void produceIsAdvertisedFromVersionZeroForLibrdkafkaButVersionsBelowThreeAreRefused() {
        assertThat(dispatcher.advertisedVersions().find(ApiKeys.PRODUCE.id).minVersion())
                .isZero();

        assertThat(dispatcher.accepts(ApiKeys.PRODUCE, (short) 2)).isFalse();
        assertThat(dispatcher.accepts(ApiKeys.PRODUCE, (short) 3)).isTrue();
        assertThat(dispatcher.accepts(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion(false)))
                .isTrue();
    }

    @Test
    void versionsPastTheStableOnesAndUnroutedApisAreRefused() {
        assertThat(dispatcher.accepts(ApiKeys.METADATA, (short) (ApiKeys.METADATA.latestVersion(false) + 1)))
                .isFalse();
        assertThat(dispatcher.accepts(ApiKeys.FETCH, (short) 12)).isFalse();
    }
}
