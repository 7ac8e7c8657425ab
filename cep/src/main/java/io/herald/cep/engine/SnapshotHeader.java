package io.herald.cep.engine;

import io.herald.cep.engine.snapshot.CorruptSnapshotException;
import io.herald.cep.engine.snapshot.SnapshotReader;
import io.herald.cep.engine.snapshot.SnapshotWriter;
import io.herald.cep.plan.Rule;
import io.herald.cep.text.RuleText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The first bytes of an engine snapshot: magic {@code HCEP} (int), format version (int), the rule's name (string) and
 * version (int), and the plan's fingerprint (long: the first 8 bytes of the SHA-256 of the printed plan, which is
 * canonical). A snapshot continues only the plan it was taken from: state laid out for one plan means nothing to
 * another (other windows, other aggregate slots, other pattern steps). Stateless.
 */
final class SnapshotHeader {
    private SnapshotHeader() {}

    private static final int MAGIC = 0x48434550; // "HCEP"
    /** Version 1: the layout described in {@link RuleEngine#snapshot()}. */
    static final int FORMAT_VERSION = 1;

    /** The snapshot with a CRC32 (int, big-endian) of its bytes appended. */
    static byte[] withChecksum(byte[] body) {
        byte[] all = Arrays.copyOf(body, body.length + 4);
        int crc = crc(body, body.length);
        for (int i = 0; i < 4; i++) {
            all[body.length + i] = (byte) (crc >>> (24 - 8 * i));
        }
        return all;
    }

    /**
     * The snapshot's bytes before its checksum, once the magic and the checksum are right.
     *
     * @throws CorruptSnapshotException when they are not
     */
    static byte[] verified(byte[] snapshot) {
        int length = snapshot.length;
        if (length < 8 || readInt(snapshot, 0) != MAGIC) {
            throw new CorruptSnapshotException("it does not start with HCEP (" + length + " bytes)");
        }
        if (readInt(snapshot, length - 4) != crc(snapshot, length - 4)) {
            throw new CorruptSnapshotException("its checksum does not match its " + length + " bytes (damaged or cut)");
        }
        return Arrays.copyOf(snapshot, length - 4);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int crc(byte[] b, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, length);
        return (int) crc.getValue();
    }

    static void write(SnapshotWriter out, Rule rule) {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeString(rule.name());
        out.writeInt(rule.version());
        out.writeLong(fingerprint(rule));
    }

    /**
     * Reads the header and checks it against the plan the snapshot is restored into.
     *
     * @throws CorruptSnapshotException when the bytes are not a snapshot or of an unknown format version
     * @throws SnapshotMismatchException when the snapshot was taken from another plan
     */
    static void check(SnapshotReader in, Rule rule) {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new CorruptSnapshotException(
                    "it does not start with HCEP (found 0x" + Integer.toHexString(magic) + ")");
        }
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new CorruptSnapshotException(
                    "format version " + format + ", this engine reads version " + FORMAT_VERSION);
        }
        String name = in.readString();
        int version = in.readInt();
        long fingerprint = in.readLong();
        long expected = fingerprint(rule);
        if (fingerprint != expected) {
            throw new SnapshotMismatchException("a snapshot of rule " + name + " v" + version + " (plan "
                    + hex(fingerprint) + ") cannot be restored into rule " + rule.name() + " v" + rule.version()
                    + " (plan " + hex(expected) + "): a snapshot continues only the plan it was taken from;"
                    + " start the new plan from its start point or from committed offsets");
        }
    }

    static long fingerprint(Rule rule) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(RuleText.print(rule).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (digest[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hex(long v) {
        return HexFormat.of().toHexDigits(v);
    }
}
