package io.herald.log.internal;

import io.herald.log.CorruptBatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Decodes and encodes the records inside a v2 batch. A record is: varint length, i8 attributes, varlong timestampDelta,
 * varint offsetDelta, varint key length + key (-1 for null), varint value length + value (-1 for null), varint header
 * count + headers. Varints are zig-zag encoded, as in Kafka's {@code ByteUtils}.
 *
 * <p>The log only needs records for two things, the timestamp lookup and compaction; both work on uncompressed and
 * gzip batches. The other codecs (snappy, lz4, zstd) need libraries the log module does not take, so
 * {@link #canDecode} says no and callers fall back to batch-level answers. Stateless.
 */
public final class BatchRecords {
    public static final int NONE = 0;
    public static final int GZIP = 1;

    /** One record, with its encoded bytes ({@code raw}, length prefix included) ready to copy into a new batch. */
    public record Record(long timestampDelta, int offsetDelta, ByteBuffer key, boolean hasValue, ByteBuffer raw) {}

    private BatchRecords() {}

    public static boolean canDecode(int compression) {
        return compression == NONE || compression == GZIP;
    }

    /** The records of the batch starting at {@code start} in {@code batch}; the caller checked {@link #canDecode}. */
    public static List<Record> decode(ByteBuffer batch, int start) {
        int size = BatchHeader.sizeInBytes(batch, start);
        int count = BatchHeader.recordsCount(batch, start);
        ByteBuffer body = batch.slice(start + BatchHeader.RECORDS, size - BatchHeader.RECORDS);
        if (BatchHeader.compression(batch, start) == GZIP) body = gunzip(body);
        List<Record> records = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
        try {
            for (int i = 0; i < count; i++) records.add(readRecord(body));
        } catch (RuntimeException e) {
            throw new CorruptBatchException("record " + records.size() + " of a batch at offset "
                    + BatchHeader.baseOffset(batch, start) + " cannot be decoded: " + e);
        }
        return records;
    }

    /** Encodes the records' bytes as a batch body under {@code compression} (NONE or GZIP). */
    public static ByteBuffer encodeBody(List<Record> records, int compression) {
        int total = records.stream().mapToInt(r -> r.raw().remaining()).sum();
        ByteBuffer plain = ByteBuffer.allocate(total);
        for (Record r : records) plain.put(r.raw().duplicate());
        plain.flip();
        return compression == GZIP ? gzip(plain) : plain;
    }

    private static Record readRecord(ByteBuffer in) {
        int recordStart = in.position();
        int length = readVarint(in);
        int bodyStart = in.position();
        in.get(); // attributes: unused in v2
        long timestampDelta = readVarlong(in);
        int offsetDelta = readVarint(in);
        int keyLength = readVarint(in);
        ByteBuffer key = null;
        if (keyLength >= 0) {
            key = in.slice(in.position(), keyLength);
            in.position(in.position() + keyLength);
        }
        int valueLength = readVarint(in);
        in.position(bodyStart + length);
        ByteBuffer raw = in.slice(recordStart, bodyStart + length - recordStart);
        return new Record(timestampDelta, offsetDelta, key, valueLength >= 0, raw);
    }

    static int readVarint(ByteBuffer in) {
        int value = 0;
        int shift = 0;
        while (true) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 28) throw new IllegalArgumentException("varint longer than 5 bytes");
        }
        return (value >>> 1) ^ -(value & 1);
    }

    static long readVarlong(ByteBuffer in) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 63) throw new IllegalArgumentException("varlong longer than 10 bytes");
        }
        return (value >>> 1) ^ -(value & 1);
    }

    private static ByteBuffer gunzip(ByteBuffer compressed) {
        try (InputStream in = new GZIPInputStream(new ByteBufferInputStream(compressed))) {
            return ByteBuffer.wrap(in.readAllBytes());
        } catch (IOException e) {
            throw new CorruptBatchException("gzip batch body cannot be decompressed: " + e.getMessage());
        }
    }

    private static ByteBuffer gzip(ByteBuffer plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.remaining() / 2 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            byte[] array = new byte[plain.remaining()];
            plain.get(array);
            out.write(array);
        } catch (IOException e) {
            throw new IllegalStateException("gzip to memory failed", e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buf;

        ByteBufferInputStream(ByteBuffer buf) {
            this.buf = buf.duplicate();
        }

        @Override
        public int read() {
            return buf.hasRemaining() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!buf.hasRemaining()) return -1;
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }
    }
}
