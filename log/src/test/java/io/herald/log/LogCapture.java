package io.herald.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the warnings one class of the log module reports through {@code System.Logger} (which the JDK routes to
 * java.util.logging when no other logging backend is installed), and keeps them off the console while a test runs.
 * Close it to restore the logger.
 */
final class LogCapture extends Handler {
    private final Logger logger;
    private final boolean usedParentHandlers;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.usedParentHandlers = logger.getUseParentHandlers();
    }

    static LogCapture of(Class<?> source) {
        LogCapture capture = new LogCapture(Logger.getLogger(source.getName()));
        capture.logger.addHandler(capture);
        capture.logger.setUseParentHandlers(false);
        return capture;
    }

    /** Messages logged at WARNING or above since the last {@link #clear}. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void clear() {
        warnings.clear();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(usedParentHandlers);
    }
}
