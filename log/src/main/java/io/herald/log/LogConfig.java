package io.herald.log;

import java.util.Locale;
import java.util.Map;

/**
 * The settings of one partition log, under Kafka's topic-level names. Build one with {@link #fromProperties}, which
 * overlays Kafka-style properties on the defaults and rejects values out of range with a message that names the
 * property, the value and the rule.
 *
 * @param segmentBytes {@code segment.bytes}: roll when the active segment would grow past this
 * @param segmentMs {@code segment.ms}: roll when the active segment's first batch is older than this
 * @param retentionMs {@code retention.ms}: delete segments whose newest record is older; -1 keeps forever
 * @param retentionBytes {@code retention.bytes}: delete old segments while the log is larger; -1 for no limit
 * @param cleanupDelete {@code cleanup.policy} contains {@code delete}
 * @param cleanupCompact {@code cleanup.policy} contains {@code compact}
 * @param deleteRetentionMs {@code delete.retention.ms}: how long tombstones survive compaction
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: compact once this share of the log is uncompacted
 * @param minCompactionLagMs {@code min.compaction.lag.ms}: a segment is compacted only once its newest record is at
 *     least this old, so consumers get that long to see every value of a key
 * @param flushPolicy {@code flush.policy} (Herald): {@code always} or {@code interval}
 * @param flushMessages {@code flush.messages}: under {@code interval}, force after this many records
 * @param flushMs {@code flush.ms}: under {@code interval}, force when the last force is older than this
 * @param indexIntervalBytes {@code index.interval.bytes}: bytes of log between two index entries
 * @param maxMessageBytes {@code max.message.bytes}: the largest batch accepted
 * @param logAppendTime {@code message.timestamp.type=LogAppendTime}: stamp batches with the broker's clock
 * @param fileDeleteDelayMs {@code file.delete.delay.ms}: how long removed segments stay readable
 * @param preallocate {@code preallocate}: grow the active segment's file ahead of its data, in steps of {@link
 *     #PREALLOCATION_STEP_BYTES} (Kafka preallocates the whole {@code segment.bytes} at creation), so that an append
 *     does not change the file's size and its fsync need not write the inode for it. On by default in Herald (off in
 *     Kafka), because Herald forces every acknowledged batch by default
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        boolean cleanupDelete,
        boolean cleanupCompact,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        FlushPolicy flushPolicy,
        long flushMessages,
        long flushMs,
        int indexIntervalBytes,
        int maxMessageBytes,
        boolean logAppendTime,
        long fileDeleteDelayMs,
        boolean preallocate) {

    /** Kafka 4's floor for {@code segment.bytes}; tests go lower through {@code internal.segment.bytes}, as in Kafka. */
    public static final int MIN_SEGMENT_BYTES = 1024 * 1024;

    /** How far ahead of its data {@code preallocate} grows a segment file (never past {@code segment.bytes}). */
    public static final int PREALLOCATION_STEP_BYTES = 16 * 1024 * 1024;

    public static final LogConfig DEFAULTS = new LogConfig(
            1024 * 1024 * 1024,
            7L * 24 * 60 * 60 * 1000,
            7L * 24 * 60 * 60 * 1000,
            -1,
            true,
            false,
            24L * 60 * 60 * 1000,
            0.5,
            0,
            FlushPolicy.ALWAYS,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            4096,
            1024 * 1024 + 12,
            false,
            60_000,
            true);

    /** The defaults with {@code properties} laid over them; keys the log does not know are ignored. */
    public static LogConfig fromProperties(Map<String, String> properties) {
        return DEFAULTS.with(properties);
    }

    /** This configuration with {@code properties} laid over it, as for an AlterConfigs request. */
    public LogConfig with(Map<String, String> properties) {
        Parser p = new Parser(properties);
        int segmentBytes = p.intValue("segment.bytes", this.segmentBytes, MIN_SEGMENT_BYTES);
        segmentBytes = p.intValue("internal.segment.bytes", segmentBytes, BATCH_HEADER_BYTES);
        String policy = p.string("cleanup.policy", cleanupPolicy());
        return new LogConfig(
                segmentBytes,
                p.longValue("segment.ms", segmentMs, 1),
                p.longValue("retention.ms", retentionMs, -1),
                p.longValue("retention.bytes", retentionBytes, -1),
                parseCleanupPolicy(policy, "delete"),
                parseCleanupPolicy(policy, "compact"),
                p.longValue("delete.retention.ms", deleteRetentionMs, 0),
                p.ratio("min.cleanable.dirty.ratio", minCleanableDirtyRatio),
                p.longValue("min.compaction.lag.ms", minCompactionLagMs, 0),
                p.flushPolicy(flushPolicy),
                p.longValue("flush.messages", flushMessages, 1),
                p.longValue("flush.ms", flushMs, 0),
                p.intValue("index.interval.bytes", indexIntervalBytes, 0),
                p.intValue("max.message.bytes", maxMessageBytes, 0),
                p.timestampType(logAppendTime),
                p.longValue("file.delete.delay.ms", fileDeleteDelayMs, 0),
                p.bool("preallocate", preallocate));
    }

    private static final int BATCH_HEADER_BYTES = 61;

    public String cleanupPolicy() {
        if (cleanupCompact && cleanupDelete) return "compact,delete";
        return cleanupCompact ? "compact" : "delete";
    }

    private static boolean parseCleanupPolicy(String value, String wanted) {
        boolean found = false;
        for (String part : value.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (!p.equals("delete") && !p.equals("compact")) {
                throw new InvalidConfigException(
                        "cleanup.policy must be delete, compact or compact,delete, was " + value);
            }
            found |= p.equals(wanted);
        }
        return found;
    }

    private record Parser(Map<String, String> properties) {
        String string(String key, String fallback) {
            String value = properties.get(key);
            return value == null ? fallback : value.trim();
        }

        long longValue(String key, long fallback, long min) {
            String value = properties.get(key);
            if (value == null) return fallback;
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key + " must be a whole number, was " + value);
            }
            if (parsed < min) throw new InvalidConfigException(key + " must be >= " + min + ", was " + value);
            return parsed;
        }

        int intValue(String key, int fallback, int min) {
            long parsed = longValue(key, fallback, min);
            if (parsed > Integer.MAX_VALUE) {
                throw new InvalidConfigException(key + " must be <= " + Integer.MAX_VALUE + ", was " + parsed);
            }
            return (int) parsed;
        }

        boolean bool(String key, boolean fallback) {
            String value = properties.get(key);
            if (value == null) return fallback;
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidConfigException(key + " must be true or false, was " + value);
            };
        }

        double ratio(String key, double fallback) {
            String value = properties.get(key);
            if (value == null) return fallback;
            try {
                double parsed = Double.parseDouble(value.trim());
                if (parsed >= 0 && parsed <= 1) return parsed;
            } catch (NumberFormatException e) {
                // reported below with the rule
            }
            throw new InvalidConfigException(key + " must be a number between 0 and 1, was " + value);
        }

        FlushPolicy flushPolicy(FlushPolicy fallback) {
            String value = properties.get("flush.policy");
            if (value == null) return fallback;
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "always" -> FlushPolicy.ALWAYS;
                case "interval" -> FlushPolicy.INTERVAL;
                default -> throw new InvalidConfigException("flush.policy must be always or interval, was " + value);
            };
        }

        boolean timestampType(boolean fallback) {
            String value = properties.get("message.timestamp.type");
            if (value == null) return fallback;
            return switch (value.trim()) {
                case "LogAppendTime" -> true;
                case "CreateTime" -> false;
                default ->
                    throw new InvalidConfigException(
                            "message.timestamp.type must be CreateTime or LogAppendTime, was " + value);
            };
        }
    }
}
