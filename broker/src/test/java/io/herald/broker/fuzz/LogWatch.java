package io.herald.broker.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Watches what the broker logs while a fuzz run is going: slf4j-simple writes to {@code System.err}, looked up on every
 * line, so this swaps in a stream that splits lines, keeps those a fuzz run must never produce (an {@code ERROR} line,
 * an uncaught exception on some thread), counts and swallows the expected per-connection warnings (thousands of "closing
 * connection" lines would bury a CI log), and passes everything else through. {@link #close} puts the old stream back.
 *
 * <p>Thread-safety: lines from any thread; the line buffer is guarded by the splitter's lock.
 */
final class LogWatch implements AutoCloseable {
    private static final Pattern FORBIDDEN =
            Pattern.compile(" ERROR |^Exception in thread|OutOfMemoryError|StackOverflowError");
    private static final Pattern EXPECTED_WARNING =
            Pattern.compile(" WARN io\\.herald\\.broker\\.network\\.Connection ");

    private final PrintStream original = System.err;
    private final List<String> forbidden = new CopyOnWriteArrayList<>();
    private final AtomicLong swallowed = new AtomicLong();

    private LogWatch() {}

    static LogWatch install() {
        LogWatch watch = new LogWatch();
        System.setErr(new PrintStream(watch.new LineSplitter(), true, StandardCharsets.UTF_8));
        return watch;
    }

    /** Lines no fuzz input may cause, with the stack trace lines that followed each. */
    List<String> forbiddenLines() {
        return List.copyOf(forbidden);
    }

    long swallowedWarnings() {
        return swallowed.get();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private void onLine(String line) {
        if (FORBIDDEN.matcher(line).find()) {
            forbidden.add(line);
        } else if (!forbidden.isEmpty() && (line.startsWith("\tat ") || line.startsWith("Caused by"))) {
            if (forbidden.size() < 200) forbidden.add(line);
        }
        if (EXPECTED_WARNING.matcher(line).find()) {
            swallowed.incrementAndGet();
            return;
        }
        original.println(line);
    }

    private final class LineSplitter extends java.io.OutputStream {
        private final ReentrantLock lock = new ReentrantLock();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            lock.lock();
            try {
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        onLine(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b[i]);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
