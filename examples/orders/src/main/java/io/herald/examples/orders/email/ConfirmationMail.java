package io.herald.examples.orders.email;

import io.herald.examples.orders.events.LineItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The confirmation message of one order, as RFC 5322 text (CRLF line ends, a header block, an empty line, a plain
 * text body). Its content depends only on the order, so writing it twice gives the same bytes.
 *
 * @param orderId the order
 * @param to the recipient address
 * @param items what was ordered
 * @param amountCents the total
 * @param giftMessage the order's gift message, printed after the total, or null
 * @param confirmedAt when the order was confirmed (the OrderConfirmed event's time): the {@code Date} header
 */
public record ConfirmationMail(
        String orderId, String to, List<LineItem> items, long amountCents, String giftMessage, Instant confirmedAt) {
    /** The sender of every confirmation. */
    public static final String FROM = "Herald Shop <orders@shop.herald.example>";

    /** The {@code Message-ID}, unique per order. */
    public String messageId() {
        return "<" + orderId + "@shop.herald.example>";
    }

    /** The message as RFC 5322 text. */
    public String render() {
        StringBuilder text = new StringBuilder();
        header(text, "From", FROM);
        header(text, "To", to);
        header(text, "Subject", "Your order " + orderId + " is confirmed");
        header(
                text,
                "Date",
                DateTimeFormatter.RFC_1123_DATE_TIME
                        .withLocale(Locale.ROOT)
                        .format(confirmedAt.atOffset(ZoneOffset.UTC)));
        header(text, "Message-ID", messageId());
        header(text, "MIME-Version", "1.0");
        header(text, "Content-Type", "text/plain; charset=UTF-8");
        header(text, "Content-Transfer-Encoding", "8bit");
        text.append("\r\n");
        line(text, "Thank you for your order " + orderId + ".");
        line(text, "");
        for (LineItem item : items) {
            line(text, item.quantity() + " x " + item.sku() + " at " + cents(item.priceCents()));
        }
        line(text, "Total: " + cents(amountCents));
        if (giftMessage != null) {
            line(text, "");
            // one line per line of the message, so that a bare CR or LF never reaches the RFC 5322 text
            line(text, "Gift message:");
            giftMessage.lines().forEach(messageLine -> line(text, "  " + messageLine));
        }
        return text.toString();
    }

    private static void header(StringBuilder text, String name, String value) {
        text.append(name).append(": ").append(value).append("\r\n");
    }

    private static void line(StringBuilder text, String value) {
        text.append(value).append("\r\n");
    }

    private static String cents(long cents) {
        return String.format(Locale.ROOT, "%d.%02d EUR", cents / 100, cents % 100);
    }
}
