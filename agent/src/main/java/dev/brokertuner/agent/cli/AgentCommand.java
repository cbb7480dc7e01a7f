package dev.brokertuner.agent.cli;

import dev.brokertuner.agent.AgentVersion;
import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
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
 * {@code broker-tuner agent}: the daemon. Reads the YAML config (every problem listed at once, exit 78), starts the
 * gathering loop, the loopback API and the delivery to the collector, and runs until SIGTERM, which stops it
 * within 5 s.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the agent daemon: gather every interval, serve the report, deliver it to the collector.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by a signal", "78:bad configuration (every problem is printed)",
                "1:could not start (e.g. the listen address is in use)"})
public final class AgentCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration. Default: /etc/broker-tuner/agent.yaml when it exists, else defaults.")
    Path config;

    @Option(names = "--check-config", description = "Validate the configuration, print the result and exit.")
    boolean checkConfig;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());
        AgentConfig cfg;
        try {
            if (config != null) {
                cfg = loader.load(config);
            } else if (Files.exists(ConfigLoader.DEFAULT_PATH)) {
                cfg = loader.load(ConfigLoader.DEFAULT_PATH);
            } else {
                cfg = loader.defaults();
            }
        } catch (ConfigException e) {
            Path shown = config != null ? config : ConfigLoader.DEFAULT_PATH;
            err.println("broker-tuner agent: " + shown + " has " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.CONFIG;
        }
        if (checkConfig) {
            spec.commandLine().getOut().println("configuration OK: " + (cfg.source() == null
                    ? "no file, all defaults" : cfg.source()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        Logger log = LoggerFactory.getLogger("broker-tuner");
        AgentApp app;
        try {
            app = AgentApp.start(cfg, Clock.systemUTC());
        } catch (Exception e) {
            log.error("could not start: {}", e.toString());
            return ExitCodes.SOFTWARE;
        }
        log.info("broker-tuner agent {} started: config {}, API on http://{}:{}, every {}s (sample {}s), "
                        + "procfs {} sysfs {}, log dirs {}, broker side {}, collector {}",
                AgentVersion.get(), cfg.source() == null ? "none (defaults)" : cfg.source(), cfg.listenHost(),
                app.port(), cfg.intervalSeconds(), cfg.sampleSeconds(), cfg.procfs(), cfg.sysfs(),
                cfg.logDirs().isEmpty() ? "from the broker, else every disk-backed mount" : cfg.logDirs(),
                cfg.brokerEnabled() ? "on" : "off",
                cfg.collector() == null ? "none" : cfg.collector().describe() + " (outbox " + cfg.collector().outboxDir()
                        + ", " + app.outbox().size() + " queued)");
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
