package io.herald.examples.orders.fraud;

import java.net.URI;
import java.util.Objects;

/** Who runs the fraud rule ({@code rules/fraud.rule}) for an {@code OrderSystem}. */
public sealed interface FraudRuleHost {
    /**
     * The order system hosts the rule itself through cep's {@code HostedRules} (the component {@code herald server}
     * runs): it deploys the rule into the cluster's {@code _herald_rules} topic and runs it in its own process. For a
     * cluster without a Herald server (the testkit broker, Apache Kafka).
     */
    record InProcess() implements FraudRuleHost {}

    /**
     * A Herald server hosts the rule: the order system deploys it over the server's HTTP API ({@code PUT
     * /api/rules/{name}}) and runs no runner itself.
     *
     * @param heraldUrl the server's HTTP address, e.g. {@code http://127.0.0.1:8080}
     */
    record Server(URI heraldUrl) implements FraudRuleHost {
        /** Requires the address. */
        public Server {
            Objects.requireNonNull(heraldUrl, "heraldUrl (the Herald server's HTTP address) is required");
        }
    }
}
