package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.daemon.http.AgentMetrics;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.daemon.push.PublisherStats;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/prometheus-rules.yaml}: valid to Prometheus' own {@code promtool check rules}, behaving as documented
 * under {@code promtool test rules} (a critical finding fires after 2m, a flapping warning never, agent health), and
 * naming only series the agent's real {@code /metrics} exports.
 */
class PrometheusRulesTest {
    private static Path rules() {
        String repo = System.getProperty("bt.repo.dir");
        assertThat(repo).as("system property bt.repo.dir (set by surefire to the repository root)").isNotBlank();
        return Path.of(repo, "docs", "prometheus-rules.yaml");
    }

    private static String promtool(Path workDir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolAcceptsTheRules(@TempDir Path dir) throws Exception {
        assertThat(promtool(dir, "check", "rules", rules().toString())).contains("SUCCESS: 10 rules found");
    }

    @Test
    void theRulesFireAsTheirUnitTestsSay(@TempDir Path dir) throws Exception {
        Files.copy(rules(), dir.resolve("prometheus-rules.yaml"));
        try (InputStream in = getClass().getResourceAsStream("/prometheus/prometheus-rules-test.yaml")) {
            assertThat(in).isNotNull();
            Files.copy(in, dir.resolve("prometheus-rules-test.yaml"));
        }
        assertThat(promtool(dir, "test", "rules", "prometheus-rules-test.yaml")).contains("SUCCESS");
    }

    @Test
    void everySeriesTheRulesUseIsExportedByTheAgent(@TempDir Path dir) throws Exception {
        LatestReport latest = new LatestReport();
        Report r = new Report(Report.SCHEMA_VERSION, "3f2a6c1e-0b7d-4e55-9a43-1c2d3e4f5a6b",
                Instant.parse("2026-12-01T12:00:00Z"), "0.1.0", null, null, Snapshots.host(h -> { }).host(),
                BrokerFacts.notFound("no kafka.Kafka process"),
                List.of(new Finding("host.vm.swappiness", Severity.WARNING, "vm.swappiness", "60", "1", "why",
                        null, null)), List.of(), List.of());
        latest.set(new LatestReport.Published(r, Instant.parse("2026-12-01T12:00:05Z"), 5000));
        PublisherStats stats = new PublisherStats();
        stats.reachable.set(1);
        Outbox box = Outbox.open(dir.resolve("outbox"), 100, 1 << 20);
        String scrape = new AgentMetrics(latest, new LoopStats(), () -> box, stats, Clock.systemUTC()).scrape();
        Set<String> exported = scrape.lines().filter(l -> l.startsWith("broker_tuner_"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));

        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(broker_tuner_[a-z_]+)").matcher(
                Files.readAllLines(rules()).stream().filter(l -> l.trim().startsWith("expr:"))
                        .collect(Collectors.joining("\n")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("broker_tuner_finding", "broker_tuner_broker_reachable",
                "broker_tuner_collector_reachable");
        assertThat(exported).containsAll(used);
    }
}
