package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentPropertiesTest {

    @Test
    void underscoresBecomeDotsInLowerCase() {
        assertThat(EnvironmentProperties.propertyName("HERALD_LOG_RETENTION_MS"))
                .hasValue("log.retention.ms");
    }

    @Test
    void doubleAndTripleUnderscoresAreUnderscoreAndDash() {
        assertThat(EnvironmentProperties.propertyName("HERALD_A__B___C_D")).hasValue("a_b-c.d");
    }

    @Test
    void httpAndRegistryPortsAreProperties() {
        assertThat(EnvironmentProperties.propertyName("HERALD_HTTP_PORT")).hasValue("http.port");
        assertThat(EnvironmentProperties.propertyName("HERALD_REGISTRY_PORT")).hasValue("registry.port");
    }

    @Test
    void optionAndLauncherVariablesAreNotProperties() {
        assertThat(EnvironmentProperties.propertyName("HERALD_PORT")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_DATA_DIR")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_CONFIG")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_JAVA_OPTS")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_JAVA_HOME")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_BOOTSTRAP_SERVER"))
                .isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_NO_BUILD")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_AOT")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_URL")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_SCHEMA_REGISTRY_URL"))
                .isEmpty();
    }

    @Test
    void otherVariablesAreIgnored() {
        assertThat(EnvironmentProperties.propertyName("KAFKA_LOG_RETENTION_MS")).isEmpty();
        assertThat(EnvironmentProperties.propertyName("HERALD_")).isEmpty();
    }
}
