package dev.brokertuner.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The agent's logging, configured in code (found by logback through {@code META-INF/services}) instead of a
 * {@code logback.xml}: parsing XML loads logback's Joran and the JDK's XML parser, about 450 classes the daemon
 * would keep for its whole life (issue 15: footprint). One line per event on stderr (journald adds the time; the
 * JSON of {@code inspect} keeps stdout clean); the libraries' chatter at WARN, the AdminClient's reconnect noise at
 * ERROR (the report's {@code broker.reason} says it once). An operator's own file still wins:
 * {@code -Dlogback.configurationFile=FILE} (or a {@code logback-test.xml} on the class path) hands over to logback's
 * usual XML configuration.
 */
public final class AgentLogging extends ContextAwareBase implements Configurator {
    /** The pattern of every line. */
    static final String PATTERN = "%-5level %logger{0}: %msg%n";
    /** Loggers set below the root's INFO. */
    static final Map<String, Level> LEVELS = Map.of(
            "org.apache.kafka", Level.WARN,
            "org.apache.kafka.clients.NetworkClient", Level.ERROR,
            "io.netty", Level.WARN,
            "io.vertx", Level.WARN,
            "oshi", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || AgentLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
