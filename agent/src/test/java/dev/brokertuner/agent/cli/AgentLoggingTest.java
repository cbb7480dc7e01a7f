package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AgentLoggingTest {
    @Test
    void logbackFindsItThroughTheServiceFile() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(Configurator.class).forEach(c -> found.add(c.getClass().getName()));
        assertThat(found).contains(AgentLogging.class.getName());
    }

    @Test
    void oneLinePerEventOnStderrWithTheLibrariesQuieter() {
        LoggerContext context = new LoggerContext();
        AgentLogging logging = new AgentLogging();
        logging.setContext(context);

        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).singleElement().isInstanceOf(ConsoleAppender.class);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appenders.get(0);
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(console.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo("%-5level %logger{0}: %msg%n");
        assertThat(context.getLogger("org.apache.kafka.clients.admin.KafkaAdminClient").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("io.vertx.core.impl.ContextImpl").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.brokertuner.agent.daemon.AgentVerticle").getEffectiveLevel())
                .isEqualTo(Level.INFO);
    }

    @Test
    void anOperatorsOwnFileWins() {
        LoggerContext context = new LoggerContext();
        AgentLogging logging = new AgentLogging();
        logging.setContext(context);
        System.setProperty("logback.configurationFile", "/etc/broker-tuner/logback.xml");
        try {
            assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }
}
