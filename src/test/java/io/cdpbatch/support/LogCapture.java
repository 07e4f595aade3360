package io.cdpbatch.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.LogContext;

/**
 * The log records the application writes while a test runs: a handler on the root logger from the moment
 * {@link ApiTest} hands the capture to the test until the test ends. In-process only: the packaged
 * application logs in its own process.
 */
public final class LogCapture extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogCapture() {
    }

    /** Starts capturing; {@link #close()} stops. */
    static LogCapture start() {
        if (!InProcess.running()) {
            throw new IllegalStateException("LogCapture needs the application in this JVM: this test runs in-process only");
        }
        LogCapture capture = new LogCapture();
        LogContext.getLogContext().getLogger("").addHandler(capture);
        return capture;
    }

    /** Every record so far, in the order they were logged. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The formatted message of every record so far (parameters filled in, no level, logger or exception). */
    public List<String> messages() {
        return records.stream().map(this::message).toList();
    }

    /** The formatted messages of one logger's records. */
    public List<String> messagesOf(Class<?> logger) {
        return records.stream().filter(record -> logger.getName().equals(record.getLoggerName())).map(this::message)
                .toList();
    }

    /** The formatted message of a record. */
    public String message(LogRecord record) {
        return formatter.formatMessage(record);
    }

    /** Forgets what was captured so far. */
    public void clear() {
        records.clear();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        LogContext.getLogContext().getLogger("").removeHandler(this);
    }
}
