package dev.brokertuner.agent.security;

import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.host.LinuxHostGatherer;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The repo's {@code golden-hosts/hostile-names} tree: a host whose read values try to break out of the apply plan
 * (a log dir with a command substitution, a mount point and a hostname holding a newline and a command, a NIC named
 * {@code $(id>q)}, an md array named {@code md9;id}), inspected as {@code inspect --no-broker --sample-seconds 0}
 * would, the report taken through its JSON contract as {@code /v1/apply} and the collector see it.
 */
final class HostileTree {
    static final String LOG_DIR = "/host/kafka$(touch /tmp/x)";
    static final String NEWLINE_MOUNT = "/data/x\ntouch /tmp/pwned";
    static final String NEWLINE_DIR = NEWLINE_MOUNT + "/kafka";
    static final String RAID_DIR = "/raid/kafka";
    static final String NIC = "$(id>q)";
    static final String MD = "md9;id";
    static final String HOSTNAME = "kafka-evil\ntouch /tmp/pwned-host";

    private HostileTree() {
    }

    static Path root() {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts/hostile-names")
                : Path.of(repo, "agent", "src", "test", "resources", "golden-hosts", "hostile-names");
    }

    static Report inspect() {
        Path root = root();
        Inspection inspection = new Inspection(
                new LinuxHostGatherer(new HostPaths(root.resolve("proc"), root.resolve("sys"))),
                BrokerGatherer.none("--no-broker: broker side skipped"),
                new RuleEngine(RuleCatalog.builtIn().rules()),
                Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), "test");
        Report report = inspection.run(List.of(LOG_DIR, NEWLINE_DIR, RAID_DIR), 0, null, Map.of());
        try {
            ReportJson json = new ReportJson();
            return json.read(json.write(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
