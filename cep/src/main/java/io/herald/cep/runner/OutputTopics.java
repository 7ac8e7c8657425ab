package io.herald.cep.runner;

import io.herald.cep.plan.Rule;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates a rule's output topics (INTO, {@code <rule>.late}, {@code <rule>.overflow}) where they are missing, so
 * that a first late or refused event does not block the producer on a topic that does not exist. Stateless.
 */
final class OutputTopics {
    private static final long TIMEOUT_MS = 15_000;

    private OutputTopics() {}

    static void ensure(Rule rule, RunnerSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-cep-" + rule.name() + "-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT_MS));
        List<String> wanted = List.of(rule.into(), rule.lateTopic(), rule.overflowTopic());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream()
                    .distinct()
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance creating the same topic is fine
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster at " + settings.bootstrapServers()
                    + " within " + TIMEOUT_MS / 1000 + " s; is a cluster running there?");
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create the output topics " + wanted + " of rule " + rule.name()
                            + " on " + settings.bootstrapServers() + ": "
                            + e.getCause().getMessage()
                            + "; create them yourself or allow this client to",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the output topics of rule " + rule.name(), e);
        }
    }
}
