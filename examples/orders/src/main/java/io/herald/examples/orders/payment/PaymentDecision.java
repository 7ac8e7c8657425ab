package io.herald.examples.orders.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Whether the simulated card of an order is declined: a pure function of the order id and the failure rate (the first
 * bytes of the id's SHA-256 as a fraction in [0, 1) below the rate), so a redelivery decides the same and a test can
 * predict which orders fail.
 */
public record PaymentDecision(double failureRate) {
    /** Checks the rate. */
    public PaymentDecision {
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be within [0, 1], was " + failureRate);
        }
    }

    /** Whether the payment of {@code orderId} fails. */
    public boolean declines(String orderId) {
        return fraction(orderId) < failureRate;
    }

    static double fraction(String orderId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(orderId.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (digest[i] & 0xFF);
            }
            return bits / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
