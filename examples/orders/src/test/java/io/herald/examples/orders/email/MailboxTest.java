package io.herald.examples.orders.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.examples.orders.events.LineItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxTest {
    @TempDir
    Path folder;

    private final ConfirmationMail mail = new ConfirmationMail(
            "o-1",
            "alice@users.herald.example",
            List.of(new LineItem("sku-mug", 2, 1200), new LineItem("sku-lamp", 1, 9900)),
            12_300,
            null,
            Instant.parse("2026-11-29T10:15:30Z"));

    @Test
    void aMessageIsWrittenOncePerOrderAndNoTemporaryFileRemains() throws Exception {
        Mailbox mailbox = new Mailbox(folder);

        boolean first = mailbox.deliver("o-1", mail.render());
        boolean second = mailbox.deliver("o-1", "a different body");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(Files.readString(mailbox.messageOf("o-1"))).isEqualTo(mail.render());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(folder.resolve("o-1.eml"));
        }
    }

    @Test
    void anOrderIdThatIsNotAPlainFileNameIsRefused() throws Exception {
        Mailbox mailbox = new Mailbox(folder);

        assertThatThrownBy(() -> mailbox.deliver("../escape", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../escape'");
    }

    @Test
    void theConfirmationIsAnRfc5322MessageWithCrlfLines() {
        String text = mail.render();

        String[] parts = text.split("\r\n\r\n", 2);
        assertThat(parts).hasSize(2);
        assertThat(parts[0].split("\r\n"))
                .contains(
                        "From: Herald Shop <orders@shop.herald.example>",
                        "To: alice@users.herald.example",
                        "Subject: Your order o-1 is confirmed",
                        "Date: Sun, 29 Nov 2026 10:15:30 GMT",
                        "Message-ID: <o-1@shop.herald.example>",
                        "MIME-Version: 1.0");
        assertThat(parts[1]).contains("2 x sku-mug at 12.00 EUR\r\n", "Total: 123.00 EUR\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
    }

    @Test
    void aGiftMessageFollowsTheTotalOneIndentedLineEachWithNoBareLineBreak() {
        ConfirmationMail gift = new ConfirmationMail(
                "o-2",
                "bob@users.herald.example",
                List.of(new LineItem("sku-mug", 1, 1200)),
                1200,
                "Happy birthday,\nBob!\r",
                Instant.parse("2026-11-29T10:15:30Z"));

        String text = gift.render();

        assertThat(text).endsWith("Total: 12.00 EUR\r\n\r\nGift message:\r\n  Happy birthday,\r\n  Bob!\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(mail.render()).doesNotContain("Gift message");
    }
}
