package io.ballast.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Where {@code bin/ballast devnet}'s log lines go: always to {@code ballast.log} in the data dir; on the console
 * (logback's console appenders, see cluster's logback.xml) only with {@code --verbose}, so that the one line per
 * second stays readable. {@link #close()} puts the console appenders back.
 */
final class DevnetLog implements AutoCloseable {
    static final String FILE_NAME = "ballast.log";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private final Path file;
    private final FileAppender<ILoggingEvent> fileAppender;
    /** The console appenders taken off their loggers (empty with --verbose). */
    private final List<Detached> detached;

    private record Detached(Logger logger, Appender<ILoggingEvent> appender) {}

    private DevnetLog(Path file, FileAppender<ILoggingEvent> fileAppender, List<Detached> detached) {
        this.file = file;
        this.fileAppender = fileAppender;
        this.detached = detached;
    }

    /** Appends the log to {@code dataDir/ballast.log} (created with its directory) and, unless {@code verbose}, off the console. */
    static DevnetLog route(Path dataDir, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("logging is not logback (" + LoggerFactory.getILoggerFactory().getClass().getName()
                    + "): cannot send the devnet's log to a file");
        }
        Path file = dataDir.resolve(FILE_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("devnet-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot open the log file " + file);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        List<Detached> detached = new ArrayList<>();
        if (!verbose) {
            for (Logger logger : context.getLoggerList()) {
                for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                    Appender<ILoggingEvent> candidate = it.next();
                    if (candidate instanceof ConsoleAppender) {
                        detached.add(new Detached(logger, candidate));
                    }
                }
            }
            detached.forEach(d -> d.logger().detachAppender(d.appender()));
        }
        return new DevnetLog(file, appender, detached);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        detached.forEach(d -> d.logger().addAppender(d.appender()));
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(fileAppender);
        fileAppender.stop();
    }
}
