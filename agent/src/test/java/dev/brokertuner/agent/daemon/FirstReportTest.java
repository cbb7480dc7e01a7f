package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's first report is served before its first sample window ends and says it is unsampled: the facts and
 * the window-free rules are there, every rule that needs a window is unknown (not sampled yet), and none of its
 * findings is missing from the sampled report that follows (no false alarm from a zero-length window). Over the
 * repo's {@code hdd-saturated} tree (its diskstats make the window a real 10 s sleep), with a sample window (10 s) the unsampled report cannot outlast.
 */
class FirstReportTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AgentApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static Path tree(String name) {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", name)
                : Path.of(repo, "agent/src/test/resources/golden-hosts", name);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String awaitHealth(String report) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var r = get("/health");
            if (r.statusCode() == 200 && r.body().contains("\"report\":\"" + report + "\"")) {
                return r.body();
            }
            assertThat(System.nanoTime()).as("a %s report within 60 s (last: %s)", report, r.body())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private Report report() throws Exception {
        return new ReportJson().read(get("/v1/report").body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void servesAnUnsampledReportFirstThenTheSampledOne() throws Exception {
        Path root = tree("hdd-saturated").toAbsolutePath();
        String yaml = """
                listen: 127.0.0.1:0
                procfs: %s
                sysfs: %s
                logDirs: [/data/kafka]
                intervalSeconds: 30
                sampleSeconds: 10
                broker: {enabled: false}
                """.formatted(root.resolve("proc"), root.resolve("sys"));
        app = AgentApp.start(new ConfigLoader(RuleCatalog.builtIn()).parse(yaml, null), Clock.systemUTC());
        Set<String> windowRules = RuleCatalog.builtIn().rules().stream()
                .filter(r -> r.requires().contains(Source.WINDOW)).map(r -> r.id()).collect(Collectors.toSet());
        assertThat(windowRules).contains("host.disk.utilization", "host.nic.utilization", "broker.threads.io");

        // first /health answer: the unsampled report (the sampled one needs the whole 10 s window)
        awaitHealth("unsampled");
        Report first = report();
        assertThat(first.host().hostname()).isEqualTo("kafka-hdd");
        assertThat(first.host().dataDirs()).isNotEmpty();
        assertThat(first.findings()).extracting(Finding::ruleId).doesNotContainAnyElementsOf(windowRules);
        // the window-free rules are judged at once
        assertThat(first.checks()).filteredOn(c -> c.ruleId().equals("host.fs.noatime"))
                .extracting(Check::status).containsOnly(CheckStatus.OK).isNotEmpty();
        List<Check> notSampled = first.checks().stream()
                .filter(c -> c.detail() != null && c.detail().equals(RuleEngine.NOT_SAMPLED_YET)).toList();
        assertThat(notSampled).extracting(Check::ruleId).containsExactlyInAnyOrderElementsOf(windowRules);
        assertThat(notSampled).extracting(Check::status).containsOnly(CheckStatus.UNKNOWN);

        awaitHealth("sampled");
        Report sampled = report();
        assertThat(sampled.generatedAt()).isAfter(first.generatedAt());
        assertThat(sampled.host().sampleSeconds()).isEqualTo(10);
        assertThat(first.host().sampleSeconds()).isZero();
        assertThat(sampled.checks()).extracting(Check::detail).doesNotContain(RuleEngine.NOT_SAMPLED_YET);
        assertThat(sampled.checks()).extracting(Check::ruleId).contains("host.disk.utilization");
        // nothing the unsampled report said is withdrawn once the window is judged
        assertThat(keys(sampled.findings())).containsAll(keys(first.findings()));
    }

    /**
     * With the broker side on, the earliest report comes before the broker's network reads answer: host facts, the
     * broker not read yet, no finding and every rule unknown (not read yet); it stays the one served while the broker
     * read is held back, then the unsampled and the sampled reports follow, in that order.
     */
    @Test
    void servesAHostOnlyReportBeforeTheBrokerAnswers() throws Exception {
        Path root = tree("hdd-saturated").toAbsolutePath();
        String yaml = """
                listen: 127.0.0.1:0
                procfs: %s
                sysfs: %s
                logDirs: [/data/kafka]
                intervalSeconds: 30
                sampleSeconds: 1
                """.formatted(root.resolve("proc"), root.resolve("sys"));
        CountDownLatch brokerAnswers = new CountDownLatch(1);
        AtomicInteger brokerReads = new AtomicInteger();
        BrokerGatherer held = new BrokerGatherer() {
            @Override
            public List<String> logDirs() {
                return List.of();
            }

            @Override
            public Gathered<BrokerFacts> gather(int sampleSeconds) {
                brokerReads.incrementAndGet();
                try {
                    brokerAnswers.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Gathered<>(BrokerFacts.notFound("no broker in this test"), List.of());
            }

            @Override
            public void close() {
                brokerAnswers.countDown();
            }
        };
        app = AgentApp.start(new ConfigLoader(RuleCatalog.builtIn()).parse(yaml, null), Clock.systemUTC(), held);

        awaitHealth("host-only");
        Report first = report();
        assertThat(first.host().hostname()).isEqualTo("kafka-hdd");
        assertThat(first.host().dataDirs()).isNotEmpty();
        assertThat(first.broker().status()).isEqualTo(BrokerStatus.NOT_READ_YET);
        assertThat(first.findings()).isEmpty();
        assertThat(first.checks()).extracting(Check::ruleId).containsAll(
                RuleCatalog.builtIn().rules().stream().map(r -> r.id()).toList());
        assertThat(first.checks()).extracting(Check::status).containsOnly(CheckStatus.UNKNOWN);
        assertThat(first.checks()).extracting(Check::detail).containsOnly(RuleEngine.NOT_READ_YET);
        // the broker read is held: the host-only report is still the one served (no timing involved)
        assertThat(get("/health").body()).contains("\"report\":\"host-only\"");
        assertThat(get("/v1/report").body()).contains("\"not-read-yet\"");

        List<String> seen = new java.util.ArrayList<>(List.of("host-only"));
        brokerAnswers.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!seen.get(seen.size() - 1).equals("sampled")) {
            String body = get("/health").body();
            var m = java.util.regex.Pattern.compile("\"report\":\"([a-z-]+)\"").matcher(body);
            assertThat(m.find()).as(body).isTrue();
            if (!m.group(1).equals(seen.get(seen.size() - 1))) {
                seen.add(m.group(1));
            }
            assertThat(System.nanoTime()).as("a sampled report within 60 s (seen %s)", seen).isLessThan(deadline);
            Thread.sleep(20);
        }
        // never back to an earlier step; the unsampled one may be replaced before a poll sees it
        assertThat(List.of(List.of("host-only", "unsampled", "sampled"), List.of("host-only", "sampled")))
                .contains(seen);
        assertThat(brokerReads.get()).isGreaterThanOrEqualTo(2);
        Report sampled = report();
        assertThat(sampled.broker().status()).isEqualTo(BrokerStatus.NOT_FOUND);
        assertThat(sampled.checks()).extracting(Check::detail).doesNotContain(RuleEngine.NOT_READ_YET);
    }

    private static List<String> keys(List<Finding> findings) {
        return findings.stream().map(f -> f.ruleId() + " " + f.subject() + " " + f.recommended()).toList();
    }
}
