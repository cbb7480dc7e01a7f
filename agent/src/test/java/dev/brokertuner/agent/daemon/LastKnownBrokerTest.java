package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.testkit.KraftBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's cluster id and version survive the broker going down and the agent restarting. */
class LastKnownBrokerTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static BrokerFacts ok(String cluster, String version) {
        return new BrokerFacts(BrokerStatus.OK, null, null, null, 1, "broker", cluster, version, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    static BrokerFacts down() {
        return new BrokerFacts(BrokerStatus.UNREACHABLE, "connection refused", null, null, 1, "broker", null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void anUnreachableBrokerKeepsTheLastKnownIdentityInMemoryAndOnDisk(@TempDir Path state) {
        LastKnownBroker memory = new LastKnownBroker(state);
        assertThat(memory.stamp(down(), T0).lastKnownClusterId()).isNull();
        BrokerFacts seen = memory.stamp(ok("MkU3OEVBNTcwNTJENDM2Qg", "4.3.1"), T0);
        assertThat(seen.lastKnownClusterId()).isEqualTo("MkU3OEVBNTcwNTJENDM2Qg");
        BrokerFacts gone = memory.stamp(down(), T0.plusSeconds(30));
        assertThat(gone.clusterId()).isNull();
        assertThat(gone.lastKnownClusterId()).isEqualTo("MkU3OEVBNTcwNTJENDM2Qg");
        assertThat(gone.lastKnownKafkaVersion()).isEqualTo("4.3.1");
        assertThat(gone.lastKnownAt()).isEqualTo(T0);

        BrokerFacts afterRestart = new LastKnownBroker(state).stamp(down(), T0.plusSeconds(60));
        assertThat(afterRestart.lastKnownClusterId()).isEqualTo("MkU3OEVBNTcwNTJENDM2Qg");
        assertThat(afterRestart.lastKnownAt()).isEqualTo(T0);
        assertThat(new LastKnownBroker(null).stamp(down(), T0).lastKnownClusterId()).isNull();
    }

    @Test
    void aStateFileThatIsNotOneIsIgnored(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve(LastKnownBroker.FILE), "{\"clusterId\": \"$(id)\\n\", \"at\": \"x\"}");
        assertThat(new LastKnownBroker(state).stamp(down(), T0).lastKnownClusterId()).isNull();
        Files.writeString(state.resolve(LastKnownBroker.FILE), "not json");
        assertThat(new LastKnownBroker(state).stamp(down(), T0).lastKnownClusterId()).isNull();
        Files.writeString(state.resolve(LastKnownBroker.FILE),
                "{\"clusterId\": \"a;rm -rf\", \"kafkaVersion\": \"4.3.1\", \"at\": \"2026-12-01T10:00:00Z\"}");
        assertThat(new LastKnownBroker(state).stamp(down(), T0).lastKnownClusterId()).isNull();
    }

    @Test
    void theFirstReportAfterARestartWithTheBrokerDownNamesItsCluster(@TempDir Path root) throws Exception {
        TinyHost.write(root);
        Path state = root.resolve("state");
        String clusterId;
        String bootstrap;
        String jmx;
        try (KraftBroker broker = KraftBroker.start()) {
            clusterId = broker.clusterId();
            bootstrap = broker.bootstrap();
            jmx = broker.jmxUrl();
            try (AgentApp app = AgentApp.start(config(root, bootstrap, jmx, state), Clock.systemUTC())) {
                Report first = awaitReport(app, r -> r.broker().ok() && r.broker().kafkaVersion() != null);
                assertThat(first.broker().clusterId()).isEqualTo(clusterId);
                assertThat(first.broker().lastKnownClusterId()).isEqualTo(clusterId);
            }
        }
        try (AgentApp app = AgentApp.start(config(root, bootstrap, jmx, state), Clock.systemUTC())) {
            // the earliest (host-only) report, before the broker read answers, names it already
            Report earliest = awaitReport(app, r -> true);
            if (earliest.broker().status() == BrokerStatus.NOT_READ_YET) {
                assertThat(earliest.broker().lastKnownClusterId()).isEqualTo(clusterId);
            }
            Report first = awaitReport(app, r -> r.broker().status() != BrokerStatus.NOT_READ_YET);
            assertThat(first.broker().status()).isEqualTo(BrokerStatus.UNREACHABLE);
            assertThat(first.broker().clusterId()).isNull();
            assertThat(first.broker().lastKnownClusterId()).isEqualTo(clusterId);
            assertThat(first.broker().lastKnownKafkaVersion()).isEqualTo("4.3.1");
            assertThat(first.broker().lastKnownAt()).isBefore(first.generatedAt());
        }
    }

    static dev.brokertuner.agent.daemon.config.AgentConfig config(Path root, String bootstrap, String jmx,
                                                                   Path state) throws Exception {
        String yaml = """
                listen: 127.0.0.1:0
                procfs: %s
                sysfs: %s
                logDirs: [/data/kafka]
                intervalSeconds: 2
                sampleSeconds: 0
                bootstrapServers: "%s"
                jmx: {url: "%s"}
                stateDir: %s
                """.formatted(root.resolve("proc"), root.resolve("sys"), bootstrap, jmx, state);
        return new ConfigLoader(RuleCatalog.builtIn()).parse(yaml, null);
    }

    static Report awaitReport(AgentApp app, java.util.function.Predicate<Report> wanted) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicReference<Report> got = new AtomicReference<>();
        DeliveryTest.await("a report", 60, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.port() + "/v1/report")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return false;
                }
                Report report = new ReportJson().read(r.body().getBytes(StandardCharsets.UTF_8));
                got.set(report);
                return wanted.test(report);
            } catch (Exception e) {
                return false;
            }
        });
        return got.get();
    }
}
