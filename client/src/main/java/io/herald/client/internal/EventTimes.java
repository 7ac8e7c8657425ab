package io.herald.client.internal;

import io.cloudevents.types.Time;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes and parses a CloudEvents {@code time} (RFC 3339) as the CloudEvents SDK does ({@code
 * DateTimeFormatter.ISO_OFFSET_DATE_TIME} both ways), with a fast path for the form every SDK writes, {@code
 * 2026-11-29T13:22:26.119Z} or with an offset such as {@code +01:00}: the JDK's formatter was a fifth of a handler's
 * CPU. Any other time (years beyond 0000-9999, offsets with seconds) and any other text (lower-case {@code t} or
 * {@code z}, no seconds, anything invalid) goes to the SDK's own code, which gives the answer or the error.
 * Stateless.
 */
final class EventTimes {
    private static final int NANOS_DIGITS = 9;

    private EventTimes() {}

    /** {@code time} as {@code ISO_OFFSET_DATE_TIME} writes it: the fraction with as few digits as it needs. */
    static String format(OffsetDateTime time) {
        int year = time.getYear();
        int offsetSeconds = time.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
            return Time.writeTime(time);
        }
        StringBuilder text = new StringBuilder(35);
        pad(text, year, 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos > 0) {
            int digits = NANOS_DIGITS;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(text.append('.'), nanos, digits);
        }
        if (offsetSeconds == 0) {
            return text.append('Z').toString();
        }
        int offsetMinutes = Math.abs(offsetSeconds / 60);
        text.append(offsetSeconds < 0 ? '-' : '+');
        pad(text, offsetMinutes / 60, 2).append(':');
        return pad(text, offsetMinutes % 60, 2).toString();
    }

    /** Appends the last {@code width} decimal digits of {@code value}, zero-padded. */
    private static StringBuilder pad(StringBuilder text, int value, int width) {
        int divisor = 1;
        for (int i = 1; i < width; i++) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
        return text;
    }

    /**
     * The time in {@code text}.
     *
     * @throws io.cloudevents.rw.CloudEventRWException if it is not an RFC 3339 date-time with an offset
     */
    static OffsetDateTime parse(String text) {
        OffsetDateTime fast = parseCommonForm(text);
        return fast != null ? fast : Time.parseTime("time", text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null when {@code text} has another form or is invalid. */
    private static OffsetDateTime parseCommonForm(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0 || count > NANOS_DIGITS) {
                return null;
            }
            nanos = digits(text, start, count);
            for (int k = count; k < NANOS_DIGITS; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset = offset(text, i);
        if (offset == null) {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null; // 2026-02-30 and the like: the SDK's parser words the error
        }
    }

    private static ZoneOffset offset(String text, int at) {
        int left = text.length() - at;
        if (left == 1 && text.charAt(at) == 'Z') {
            return ZoneOffset.UTC;
        }
        if (left != 6 || text.charAt(at + 3) != ':') {
            return null;
        }
        char sign = text.charAt(at);
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if (sign != '+' && sign != '-' || hours < 0 || minutes < 0) {
            return null;
        }
        try {
            return sign == '+'
                    ? ZoneOffset.ofHoursMinutes(hours, minutes)
                    : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number in {@code text[from, from + count)}, or -1 if a character there is not an ASCII digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
