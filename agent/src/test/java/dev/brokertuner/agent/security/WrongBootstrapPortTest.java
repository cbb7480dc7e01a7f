package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.cli.Main;
import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.TinyHost;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inspect --bootstrap-server} pointed at ports that answer with other bytes: before the probe, kafka-clients
 * read "HTTP" as a 1.2 GB size and the command died of OutOfMemoryError; now it ends normally and says why.
 */
class WrongBootstrapPortTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    Run inspect(String bootstrap) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Path sys = Files.createDirectories(tmp.resolve("sys"));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run("inspect", "--procfs", proc.toString(), "--sysfs", sys.toString(),
                    "--sample-seconds", "0", "--bootstrap-server", bootstrap, "--format", "json");
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void anHttpPortIsAReasonInTheReportNotACrash() throws Exception {
        try (ForeignServers servers = new ForeignServers()) {
            String http = "127.0.0.1:" + servers.http();
            Run run = inspect(http);
            assertThat(run.exit()).as(run.err()).isZero();
            Report report = new ReportJson().read(run.out().getBytes(StandardCharsets.UTF_8));
            assertThat(report.broker().status()).isEqualTo(BrokerStatus.UNREACHABLE);
            assertThat(report.broker().reason())
                    .contains(http + " does not speak the Kafka protocol (answered 'HTTP/1.1 4")
                    .contains("AdminClient not started");
        }
    }

    @Test
    void theDaemonPointedAtAnHttpPortKeepsRunningAndSaysWhy() throws Exception {
        TinyHost.write(tmp);
        try (ForeignServers servers = new ForeignServers()) {
            String http = "127.0.0.1:" + servers.http();
            String yaml = TinyHost.config(tmp, 0, 2)
                    .replace("broker: {enabled: false}\n", "bootstrapServers: \"" + http + "\"\n");
            var config = new ConfigLoader(RuleCatalog.builtIn()).parse(yaml, null);
            try (AgentApp app = AgentApp.start(config, Clock.systemUTC())) {
                var client = HttpClient.newHttpClient();
                var get = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/v1/report")).build();
                Report report = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int gatherings = 0;
                while (gatherings < 2) {
                    assertThat(System.nanoTime()).as("two gatherings within 60 s").isLessThan(deadline);
                    var r = client.send(get, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        Report now = new ReportJson().read(r.body().getBytes(StandardCharsets.UTF_8));
                        if (report == null || !now.reportId().equals(report.reportId())) {
                            gatherings++;
                        }
                        report = now;
                    }
                    Thread.sleep(200);
                }
                assertThat(report.broker().status()).isEqualTo(BrokerStatus.UNREACHABLE);
                assertThat(report.broker().reason()).contains(http + " does not speak the Kafka protocol");
            }
        }
    }

    @Test
    void aTlsPortReachedAsPlaintextSaysSo() throws Exception {
        try (ForeignServers servers = new ForeignServers()) {
            String tls = "127.0.0.1:" + servers.tls(tmp);
            Run run = inspect(tls);
            assertThat(run.exit()).as(run.err()).isZero();
            Report report = new ReportJson().read(run.out().getBytes(StandardCharsets.UTF_8));
            assertThat(report.broker().reason()).contains(tls + " does not speak the Kafka protocol in plaintext",
                    "TLS alert record");
        }
    }
}
