package io.herald.registry;

import io.herald.testkit.HeraldExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A registry on the testkit broker for one test class: register it after the broker's extension, so it starts after
 * and stops before it.
 *
 * <pre>
 * &#64;RegisterExtension static HeraldExtension herald = HeraldExtension.create();
 * &#64;RegisterExtension static RegistryExtension registry = new RegistryExtension(herald);
 * </pre>
 */
final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
    private final HeraldExtension herald;
    private RegistryFixture fixture;

    RegistryExtension(HeraldExtension herald) {
        this.herald = herald;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture = RegistryFixture.start(herald);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) fixture.close();
    }

    RegistryClient client() {
        return fixture.client;
    }
}
