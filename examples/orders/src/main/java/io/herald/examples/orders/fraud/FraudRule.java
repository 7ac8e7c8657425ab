package io.herald.examples.orders.fraud;

import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The fraud rule's text, {@code rules/fraud.rule} on the class path. */
public final class FraudRule {
    /** The rule's name in its text; also the CloudEvents type of its alerts. */
    public static final String NAME = "FraudSuspected";

    private FraudRule() {}

    /** The rule's text as deployed. */
    public static String text() {
        try (InputStream in = FraudRule.class.getResourceAsStream("/rules/fraud.rule")) {
            if (in == null) {
                throw new IllegalStateException("rules/fraud.rule is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("rules/fraud.rule cannot be read: " + e.getMessage(), e);
        }
    }

    /** The rule, parsed. */
    public static Rule parse() {
        return RuleText.parse(text());
    }
}
