package io.herald.examples.orders.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A folder of RFC 5322 messages, one file per order: {@code <orderId>.eml}. A message is written to a temporary file
 * in the same folder and moved into place atomically, so a reader never sees half a message and a crash leaves at most
 * a stray {@code .tmp} file. Writing an order's message again is a no-op once its file exists, so with the Email
 * service's inbox there is exactly one message per confirmed order. Thread-safe for different orders; one order's
 * messages are written one at a time (the subscriber handles one key at a time).
 */
public final class Mailbox {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path folder;

    /** The mailbox in {@code folder}, created if missing. */
    public Mailbox(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** Where the message of {@code orderId} is (or would be). */
    public Path messageOf(String orderId) {
        if (!SAFE_NAME.matcher(orderId).matches()) {
            throw new IllegalArgumentException("order id '" + orderId + "' cannot name a mail file");
        }
        return folder.resolve(orderId + ".eml");
    }

    /**
     * Delivers {@code message} as the order's mail, unless the order has one already.
     *
     * @return whether this call wrote it
     */
    public boolean deliver(String orderId, String message) throws IOException {
        Path target = messageOf(orderId);
        if (Files.exists(target)) {
            return false;
        }
        Path temporary = folder.resolve("." + orderId + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(temporary, message, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.delete(temporary);
            throw new IOException("the mailbox " + folder + " is on a file system without atomic moves", e);
        }
        return true;
    }
}
