package dev.brokertuner.agent.cli;

import dev.brokertuner.agent.AgentVersion;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.DeclaredConfigs;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.broker.ServerProperties;
import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.host.LinuxHostGatherer;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code broker-tuner inspect}: one gathering of this host (and its broker unless {@code --no-broker}), the rules run
 * over it, printed as text or JSON. Exit 0; 2 when a finding reaches {@code --fail-on}; 64 on bad usage.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Inspect this broker host once and print explained recommendations.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ran; no finding reached --fail-on", "2:a finding reached --fail-on",
                "64:bad usage (the reason is printed)", "1:internal error"})
public final class InspectCommand implements Callable<Integer> {
    /** Output formats. */
    public enum Format { TEXT, JSON }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = FormatConverter.class,
            description = "Output: text for people, json for tools (the report contract). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--fail-on", paramLabel = "warning|critical", converter = SeverityConverter.class,
            description = "Exit 2 when a finding is at least this severe.")
    Severity failOn;

    @Option(names = "--cluster-alias", paramLabel = "NAME",
            description = "Your name for the cluster, recorded in the report.")
    String clusterAlias;

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>(host.problems());
        problems.addAll(broker.problems());
        if (broker.serverProperties != null && !Files.isReadable(broker.serverProperties)) {
            problems.add("--server-properties " + broker.serverProperties + ": not a readable file");
        }
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
        }
        List<String> logDirs = host.logDirs;
        Map<String, ConfigValue> declared = Map.of();
        if (broker.serverProperties != null) {
            try {
                ServerProperties file = ServerProperties.read(broker.serverProperties);
                logDirs = logDirs.isEmpty() ? file.logDirs() : logDirs;
                declared = DeclaredConfigs.of(file);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--server-properties " + broker.serverProperties + ": " + e.getMessage());
            }
        }
        HostPaths paths = host.paths();
        Report report;
        try (BrokerGatherer brokerGatherer = broker.noBroker
                ? BrokerGatherer.none("--no-broker: broker side skipped", declared)
                : new LocalBrokerGatherer(paths, broker)) {
            Inspection inspection = new Inspection(new LinuxHostGatherer(paths, host.nicSpeeds), brokerGatherer,
                    new RuleEngine(RuleCatalog.builtIn().rules()), Clock.systemUTC(), AgentVersion.get());
            report = inspection.run(logDirs, host.sampleSeconds, clusterAlias, Map.of());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.println(new ReportJson().writePretty(report));
        } else {
            out.print(new TextReport(colorTerminal()).render(report));
        }
        out.flush();
        if (failOn != null && report.findings().stream().anyMatch(f -> f.severity().atLeast(failOn))) {
            return ExitCodes.FINDINGS;
        }
        return ExitCodes.OK;
    }

    /** Colors only on an interactive terminal, never with NO_COLOR or TERM=dumb. */
    private static boolean colorTerminal() {
        if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even when redirected; isTerminal() tells.
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Parses {@code text} or {@code json} in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a format (expected text or json)");
        }
    }

    /** Parses {@code info}, {@code warning} or {@code critical} in any case. */
    static final class SeverityConverter implements CommandLine.ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            try {
                return Severity.parse(value.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
