package dev.brokertuner.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config} over the alerts: section: every receiver and route problem, exit 78; a good one, exit 0. */
class CheckConfigAlertsTest {
    private static int run(String[] out, String... args) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
            out[0] = bo.toString(StandardCharsets.UTF_8);
            out[1] = be.toString(StandardCharsets.UTF_8);
        }
    }

    private static String base(Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "ops 0123456789abcdef0123\n");
        return "dataDir: " + dir.resolve("data") + "\ntokensFile: " + dir.resolve("tokens") + "\n";
    }

    @Test
    void badReceiversAndRoutesExit78WithEveryProblem(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yaml"), base(dir) + """
                alerts:
                  receivers:
                    - {name: chat, type: slack, url: "http://hooks.example/x"}
                    - {name: pager, type: pagerduty, routingKeyFile: %s}
                    - {name: chat, type: teams, url: "https://t.example/x"}
                  routes:
                    - {minSeverity: warning, receivers: [ops-hook]}
                """.formatted(dir.resolve("no-key")));
        String[] io = new String[2];
        int rc = run(io, "--config", cfg.toString(), "--check-config");
        assertThat(rc).isEqualTo(ExitCodes.CONFIG);
        assertThat(io[1]).contains("has 4 problem(s)",
                "  - alerts.receivers[chat].url: the URL is plain http to hooks.example",
                "  - alerts.receivers[pager].routingKeyFile: " + dir.resolve("no-key") + " does not exist",
                "  - alerts.receivers[chat]: the name 'chat' is used by two receivers",
                "  - alerts.routes[0].receivers: 'ops-hook' is not a receiver (known: chat, pager)");
        assertThat(io[0]).isEmpty();
    }

    @Test
    void aGoodAlertsSectionChecksOut(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("pd"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path cfg = Files.writeString(dir.resolve("c.yaml"), base(dir) + """
                alerts:
                  receivers:
                    - {name: pager, type: pagerduty, routingKeyFile: %s}
                  routes:
                    - {minSeverity: critical, receivers: [pager]}
                """.formatted(key));
        String[] io = new String[2];
        assertThat(run(io, "--config", cfg.toString(), "--check-config")).isEqualTo(ExitCodes.OK);
        assertThat(io[0]).contains("configuration OK", "1 alert receiver(s), 1 alert route(s)");
    }

    @Test
    void urlsInProblemsNeverShowTheirUserPasswordOrQuery(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yaml"), base(dir) + """
                alerts:
                  dashboardUrl: "ftp://viewer:dashpw@collector.example/?sig=dashsig"
                  receivers:
                    - {name: am, type: alertmanager, url: "http://am:ampw@alerts.example:9093/?token=amtoken"}
                    - {name: pager, type: pagerduty, routingKeyFile: %s,
                       baseUrl: "gopher://pd:pdpw@events.example/v2?key=pdkey#frag"}
                """.formatted(dir.resolve("no-key")));
        String[] io = new String[2];
        assertThat(run(io, "--config", cfg.toString(), "--check-config")).isEqualTo(ExitCodes.CONFIG);
        assertThat(io[1]).contains(
                "alerts.receivers[am].url: 'http://***@alerts.example:9093/?***' is plain http to alerts.example",
                "alerts.receivers[pager].baseUrl: 'gopher://***@events.example/v2?***' must be an absolute https://",
                "alerts.dashboardUrl: 'ftp://***@collector.example/?***' must be the collector's public http(s) URL");
        for (String secret : new String[] {"dashpw", "dashsig", "ampw", "amtoken", "pdpw", "pdkey", "frag"}) {
            assertThat(io[1]).doesNotContain(secret);
            assertThat(io[0]).doesNotContain(secret);
        }
    }
}
