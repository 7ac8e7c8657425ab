package io.herald.broker.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mutations of whole request frames (size field included), the classic byte-level fuzzing moves: bit flips, byte and
 * word overwrites with boundary values, truncation, extension, duplicated slices, splices of two frames, a rewritten
 * API key or version, a lying client id length, and lies in the frame's own size field (negative, zero, one off, 2
 * GiB, just over the caps). Body mutations keep the size field true unless the size itself is the target. Not
 * thread-safe.
 */
final class FrameMutator {
    static final int HEADER_START = 4;
    static final int CLIENT_ID_LENGTH = HEADER_START + 8;

    private static final int[] INTERESTING_INTS = {
        0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 1 << 16, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE
    };

    private final SplittableRandom random;

    FrameMutator(SplittableRandom random) {
        this.random = random;
    }

    /** One to three stacked mutations of {@code frame}; {@code other} is a second frame to splice from. */
    byte[] mutate(byte[] frame, byte[] other) {
        byte[] out = frame;
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) out = once(out, other);
        return out;
    }

    private byte[] once(byte[] frame, byte[] other) {
        if (frame.length <= HEADER_START) return randomFrame();
        int bodyLength = frame.length - HEADER_START;
        byte[] out = frame.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        switch (random.nextInt(14)) {
            case 0, 1 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    out[HEADER_START + random.nextInt(bodyLength)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 ->
                out[HEADER_START + random.nextInt(bodyLength)] =
                        (byte) INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
            case 3 -> {
                if (bodyLength >= 2) b.putShort(HEADER_START + random.nextInt(bodyLength - 1), (short) interesting());
            }
            case 4 -> {
                if (bodyLength >= 4) b.putInt(HEADER_START + random.nextInt(bodyLength - 3), interesting());
            }
            case 5 -> {
                return Frames.resized(Arrays.copyOf(out, HEADER_START + random.nextInt(bodyLength)));
            }
            case 6 -> {
                return Frames.resized(Frames.concat(out, randomBytes(1 + random.nextInt(64))));
            }
            case 7 -> {
                int from = HEADER_START + random.nextInt(bodyLength);
                int length = 1 + random.nextInt(Math.min(64, out.length - from));
                byte[] slice = Arrays.copyOfRange(out, from, from + length);
                byte[] grown = new byte[out.length + length];
                System.arraycopy(out, 0, grown, 0, from + length);
                System.arraycopy(slice, 0, grown, from + length, length);
                System.arraycopy(out, from + length, grown, from + 2 * length, out.length - from - length);
                return Frames.resized(grown);
            }
            case 8 -> {
                int cut = HEADER_START + random.nextInt(bodyLength);
                int otherCut = Math.min(other.length, HEADER_START + random.nextInt(Math.max(1, other.length - 3)));
                return Frames.resized(
                        Frames.concat(Arrays.copyOf(out, cut), Arrays.copyOfRange(other, otherCut, other.length)));
            }
            case 9 -> {
                if (out.length >= 8) {
                    if (random.nextBoolean()) b.putShort(HEADER_START, (short) random.nextInt(-3, 100));
                    else b.putShort(HEADER_START + 2, (short) random.nextInt(-2, 40));
                }
            }
            case 10 -> {
                if (out.length >= CLIENT_ID_LENGTH + 2) b.putShort(CLIENT_ID_LENGTH, (short) interesting());
            }
            case 11, 12 -> b.putInt(0, sizeLie(bodyLength));
            default -> {
                return randomFrame();
            }
        }
        return out;
    }

    private int sizeLie(int truth) {
        return switch (random.nextInt(9)) {
            case 0 -> -1;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> 0;
            case 3 -> truth + 1 + random.nextInt(16); // claims more than is sent: the broker waits, then sees EOF
            case 4 -> Math.max(0, truth - 1 - random.nextInt(16)); // the rest is read as the next frame
            case 5 -> Integer.MAX_VALUE;
            case 6 -> 512 * 1024 + 1;
            case 7 -> 100 * 1024 * 1024 + 1;
            default -> random.nextInt();
        };
    }

    /** Garbage: random bytes, sized truly or not. */
    byte[] randomFrame() {
        byte[] body = randomBytes(random.nextInt(0, 200));
        return random.nextInt(4) == 0 ? body : Frames.sizePrefixed(body);
    }

    private int interesting() {
        return random.nextInt(3) == 0 ? random.nextInt() : INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) bytes[i] = (byte) random.nextInt();
        return bytes;
    }
}
