package dev.brokertuner.collector.cli;

import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.ConfigException;
import dev.brokertuner.collector.config.ConfigLoader;
import dev.brokertuner.collector.config.Overrides;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker-tuner-collector serve}: reads the YAML config and flags (every problem listed at once, exit 78),
 * opens the store, serves ingest, views and the dashboard until SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the collector: ingest agent reports, store them, serve fleet views and the dashboard.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "78:bad configuration (every problem is printed)",
                "1:could not start (e.g. the listen address is in use, the store cannot be opened)"})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration. Default: /etc/broker-tuner/collector.yaml when it exists.")
    Path config;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Overrides 'listen' (default 0.0.0.0:9798).")
    String listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides 'dataDir'.")
    String dataDir;

    @Option(names = "--tokens-file", paramLabel = "FILE", description = "Overrides 'tokensFile' (NAME TOKEN lines).")
    String tokensFile;

    @Option(names = "--viewers", paramLabel = "token|open", description = "Overrides 'viewers'.")
    String viewers;

    @Option(names = "--check-config", description = "Validate the configuration, print the result and exit.")
    boolean checkConfig;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path file = config != null ? config : Files.exists(ConfigLoader.DEFAULT_PATH) ? ConfigLoader.DEFAULT_PATH
                : null;
        CollectorConfig cfg;
        try {
            cfg = new ConfigLoader().load(file, new Overrides(listen, dataDir, tokensFile, viewers));
        } catch (ConfigException e) {
            err.println("broker-tuner-collector: " + (file == null ? "the configuration" : file) + " has "
                    + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.CONFIG;
        }
        if (checkConfig) {
            spec.commandLine().getOut().println("configuration OK: " + (file == null ? "no file, flags and defaults"
                    : file) + "; " + cfg.tokens().size() + " sender token(s); " + cfg.alerts().receivers().size()
                    + " alert receiver(s), " + cfg.alerts().routes().size() + " alert route(s); store "
                    + cfg.store().type().name().toLowerCase(java.util.Locale.ROOT));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Logger log = LoggerFactory.getLogger("broker-tuner-collector");
        CollectorApp app;
        try {
            app = CollectorApp.start(cfg, Clock.systemUTC());
        } catch (Exception e) {
            log.error("could not start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            return ExitCodes.SOFTWARE;
        }
        log.info("broker-tuner-collector started: {}://{}:{}/ (dashboard), store {}, {} host(s) known, senders {}, "
                        + "viewers {}, retention {} days, stale after {} s", cfg.tls() == null ? "http" : "https",
                cfg.listenHost(), app.port(), cfg.store().type() == CollectorConfig.Store.Type.POSTGRES
                        ? dev.brokertuner.collector.alerts.ShownUrl.of(cfg.store().url()) : cfg.dataDir(), app.hosts(),
                        cfg.tokens().names(),
                cfg.viewers().name().toLowerCase(java.util.Locale.ROOT), cfg.retentionDays(), cfg.staleAfterSeconds());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            app.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }
}
