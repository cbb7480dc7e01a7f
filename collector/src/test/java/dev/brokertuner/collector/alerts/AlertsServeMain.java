package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.CollectorConfig;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The collector as its own JVM for {@link AlertKillRestartTest}: {@code <dir> <webhook url>}, the alerts section
 * built as {@link AlertCollector#webhook} does (its YAML parsing is another part's). Prints the line
 * {@code serve} prints once it listens, then runs until killed.
 */
public final class AlertsServeMain {
    private AlertsServeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CollectorConfig config = AlertCollector.config(dir, 0, "", AlertCollector.webhook(args[1], null));
        CollectorApp app = CollectorApp.start(config, Clock.systemUTC(), ReceiverFactory.webhookOnly(),
                new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500)));
        System.out.println("started: http://127.0.0.1:" + app.port() + "/");
        System.out.flush();
        Thread.currentThread().join();
    }
}
