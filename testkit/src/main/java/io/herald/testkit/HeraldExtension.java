package io.herald.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts an embedded Herald broker for a test class: one broker per class, started before
 * its first test, stopped cleanly and its temporary data directory deleted after its last. Tests receive it as a
 * parameter of type {@link EmbeddedHerald}.
 *
 * <p>Either form works:
 *
 * <pre>{@code
 * @ExtendWith(HeraldExtension.class)
 * class OrdersTest {
 *     @Test
 *     void publishes(EmbeddedHerald herald) { ... herald.bootstrapServers() ... }
 * }
 *
 * class OrdersTest {
 *     @RegisterExtension
 *     static HeraldExtension herald = HeraldExtension.create().withConfig("num.partitions", "3");
 * }
 * }</pre>
 *
 * <p>The field form must be {@code static} (the broker lives as long as the class), and lets code that runs before
 * any test, such as Spring's {@code @DynamicPropertySource}, read {@link #bootstrapServers()}. {@code @Nested} classes
 * share their enclosing class's broker. Test classes run in parallel each get their own broker, port and directory.
 *
 * <p>Thread-safety: JUnit calls the callbacks; the getters may be called from any thread once the class started.
 */
public final class HeraldExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HeraldExtension.class);

    private final Map<String, String> config;
    private volatile EmbeddedHerald herald;

    /** An extension with Herald's defaults; what {@code @ExtendWith(HeraldExtension.class)} uses. */
    public HeraldExtension() {
        this(Map.of());
    }

    private HeraldExtension(Map<String, String> config) {
        this.config = Map.copyOf(config);
    }

    /** An extension with Herald's defaults, to configure with {@link #withConfig} and register on a static field. */
    public static HeraldExtension create() {
        return new HeraldExtension();
    }

    /**
     * This extension with one more broker property, under Kafka's name: {@code num.partitions},
     * {@code auto.create.topics.enable}, {@code log.retention.ms}, {@code log.segment.bytes}, ... Leave
     * {@code listeners} and {@code log.dirs} unset to get a free port and a temporary directory.
     */
    public HeraldExtension withConfig(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(config);
        more.put(name, value);
        return new HeraldExtension(more);
    }

    /** This extension with more broker properties; see {@link #withConfig(String, String)}. */
    public HeraldExtension withConfig(Map<String, String> properties) {
        Map<String, String> more = new LinkedHashMap<>(config);
        more.putAll(properties);
        return new HeraldExtension(more);
    }

    /**
     * The running broker of the test class this extension is registered on.
     *
     * @throws IllegalStateException before the class's broker started
     */
    public EmbeddedHerald herald() {
        EmbeddedHerald current = herald;
        if (current == null) {
            throw new IllegalStateException("Herald has not started yet: it starts before the first test of the class"
                    + " (register the extension on a static field or with @ExtendWith)");
        }
        return current;
    }

    /** {@code host:port} of the running broker; shorthand for {@code herald().bootstrapServers()}. */
    public String bootstrapServers() {
        return herald().bootstrapServers();
    }

    /** Starts the class's broker, unless an enclosing class's broker serves it already. */
    @Override
    public void beforeAll(ExtensionContext context) {
        EmbeddedHerald enclosing = context.getStore(NAMESPACE).get(this, EmbeddedHerald.class);
        if (enclosing != null) {
            herald = enclosing;
            return;
        }
        herald = EmbeddedHerald.start(config);
        context.getStore(NAMESPACE).put(this, herald);
    }

    /** Stops the broker started for this class, not one an enclosing class shares with it. */
    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedHerald started = context.getStore(NAMESPACE).remove(this, EmbeddedHerald.class);
        if (started != null) {
            started.stop();
            if (herald == started) herald = null;
        }
    }

    /** Refuses a registration that never saw the class start: an instance field of a test class. */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (context.getStore(NAMESPACE).get(this, EmbeddedHerald.class) == null) {
            throw new ExtensionConfigurationException("HeraldExtension runs one broker per test class: register it"
                    + " with @ExtendWith on the class or on a static @RegisterExtension field");
        }
    }

    /** Whether the parameter is an {@link EmbeddedHerald}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedHerald.class;
    }

    /** The class's running broker. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedHerald running = extensionContext.getStore(NAMESPACE).get(this, EmbeddedHerald.class);
        if (running == null) {
            throw new ExtensionConfigurationException("no Herald broker for this test: register HeraldExtension"
                    + " with @ExtendWith on the class or on a static @RegisterExtension field");
        }
        return running;
    }
}
