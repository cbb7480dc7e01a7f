package dev.brokertuner.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.brokertuner.collector.alerts.AlertsConfig;
import dev.brokertuner.collector.alerts.Route;
import dev.brokertuner.report.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts: section of collector.yaml through the real loader: a good one, and every problem reported at once. */
class AlertsSectionTest {
    @TempDir
    Path dir;
    private Path slackUrl;
    private Path routingKey;
    private Path password;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("tokens"), "ops 0123456789abcdef0123\n");
        slackUrl = secret("slack-url", "https://hooks.slack.com/services/T000/B000/XXXX");
        routingKey = secret("pd-key", "0123456789abcdef0123456789abcdef");
        password = secret("smtp-password", "hunter2-hunter2");
    }

    private Path secret(String name, String value) throws Exception {
        Path f = Files.writeString(dir.resolve(name), value + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        return f;
    }

    private CollectorConfig load(String alerts) throws ConfigException {
        String yaml = "dataDir: " + dir.resolve("data") + "\ntokensFile: " + dir.resolve("tokens") + "\n" + alerts;
        return new ConfigLoader().parse(yaml, null, Overrides.none());
    }

    private List<String> problems(String alerts) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(alerts));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems();
    }

    @Test
    void aGoodSectionWithEveryReceiverType() throws Exception {
        AlertsConfig a = load("""
                alerts:
                  receivers:
                    - {name: ops-hook, type: webhook, url: "https://hooks.example/bt"}
                    - {name: chat, type: slack, urlFile: %s}
                    - {name: teams, type: teams, url: "https://prod-01.westeurope.logic.azure.com/workflows/x"}
                    - {name: pager, type: pagerduty, routingKeyFile: %s}
                    - name: mail
                      type: email
                      smtpHost: smtp.example.org
                      from: broker-tuner@example.org
                      to: [oncall@example.org, kafka@example.org]
                      username: alerts
                      passwordFile: %s
                    - {name: am, type: alertmanager, url: "http://alertmanager.monitoring:9093", insecureHttp: true}
                  routes:
                    - {minSeverity: warning, receivers: [ops-hook, am]}
                    - {cluster: payments-prod, minSeverity: critical, receivers: [chat, pager, chat]}
                  raiseAfterReports: 3
                  clearAfterReports: 4
                  repeatIntervalSeconds: 3600
                  dashboardUrl: https://collector.example:9798/
                  docsBaseUrl: https://github.com/acme/broker-tuner/blob/v1.4.0/
                  giveUpAfterHours: 6
                """.formatted(slackUrl, routingKey, password)).alerts();
        assertThat(a.receivers()).extracting(r -> r.name() + ":" + r.type()).containsExactly("ops-hook:webhook",
                "chat:slack", "teams:teams", "pager:pagerduty", "mail:email", "am:alertmanager");
        assertThat(a.receivers().get(4).settings()).containsEntry("to", "oncall@example.org,kafka@example.org");
        assertThat(a.routes()).containsExactly(new Route(null, Severity.WARNING, List.of("ops-hook", "am")),
                new Route("payments-prod", Severity.CRITICAL, List.of("chat", "pager")));
        assertThat(a.raiseAfterReports()).isEqualTo(3);
        assertThat(a.clearAfterReports()).isEqualTo(4);
        assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(a.dashboardUrl()).isEqualTo("https://collector.example:9798");
        assertThat(a.giveUpAfter()).isEqualTo(Duration.ofHours(6));
        assertThat(a.docsBaseUrl()).isEqualTo("https://github.com/acme/broker-tuner/blob/v1.4.0");
        assertThat(a.docUrl("host.fs.noatime"))
                .isEqualTo("https://github.com/acme/broker-tuner/blob/v1.4.0/docs/rules.md#hostfsnoatime");
    }

    @Test
    void withoutADocsBaseUrlNotificationsCarryNoDocLink() throws Exception {
        AlertsConfig a = load("").alerts();
        assertThat(a.docsBaseUrl()).isNull();
        assertThat(a.docUrl("host.fs.noatime")).isNull();
    }

    @Test
    void noSectionMeansNoAlertsAndDefaults() throws Exception {
        AlertsConfig a = load("").alerts();
        assertThat(a.receivers()).isEmpty();
        assertThat(a.routes()).isEmpty();
        assertThat(a.raiseAfterReports()).isEqualTo(2);
        assertThat(a.clearAfterReports()).isEqualTo(2);
        assertThat(a.repeatInterval()).isNull();
        assertThat(a.giveUpAfter()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void everyStructuralProblemIsListed() {
        List<String> p = problems("""
                alerts:
                  receivers:
                    - {name: chat, type: slack, urlFile: %s}
                    - {name: chat, type: slack, urlFile: %s}
                    - {name: x, type: sms}
                    - {name: "bad name", type: slack}
                    - {type: slack}
                  routes:
                    - {minSeverity: loud, receivers: [chat, nobody]}
                    - {cluster: a, receivers: []}
                    - {receivers: [chat], when: always}
                  raiseAfterReports: 0
                  repeatIntervalSeconds: 5
                  dashboardUrl: "collector:9798"
                  docsBaseUrl: "https://u:pw@docs.example/bt?sig=s3"
                  silence: true
                """.formatted(slackUrl, slackUrl));
        assertThat(p).containsExactlyInAnyOrder(
                "alerts.silence: unknown key (known: clearAfterReports, dashboardUrl, docsBaseUrl, giveUpAfterHours, "
                        + "raiseAfterReports, receivers, repeatIntervalSeconds, routes)",
                "alerts.docsBaseUrl: 'https://***@docs.example/bt?***' must be an http(s) URL without user, query or "
                        + "fragment where the docs/ folder is published, e.g. "
                        + "https://github.com/acme/broker-tuner/blob/v1.4.0",
                "alerts.receivers[chat]: the name 'chat' is used by two receivers",
                "alerts.receivers[x].type: unknown type 'sms' (known: webhook, slack, teams, pagerduty, email, "
                        + "alertmanager)",
                "alerts.receivers[3].name: 'bad name' must be 1-64 letters, digits, '.', '_' or '-'",
                "alerts.receivers[4].name: required",
                "alerts.routes[0].minSeverity: unknown severity 'loud' (expected info, warning or critical)",
                "alerts.routes[0].receivers: 'nobody' is not a receiver (known: chat, x)",
                "alerts.routes[1].receivers: must be a non-empty list of receiver names",
                "alerts.routes[2].when: unknown key (known: cluster, minSeverity, receivers)",
                "alerts.raiseAfterReports: '0' must be a whole number 1-1000",
                "alerts.repeatIntervalSeconds: 5 is below 60 (0 or absent: never repeat)",
                "alerts.dashboardUrl: 'collector:9798' must be the collector's public http(s) URL, e.g. "
                        + "https://collector.example:9798");
    }

    @Test
    void everySettingProblemIsListedWithoutShowingSecrets() throws Exception {
        Path open = Files.writeString(dir.resolve("world-readable"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Path http = secret("http-url", "http://hooks.example/SECRET-PATH");
        Path shortKey = secret("short-key", "abc");
        List<String> p = problems("""
                alerts:
                  receivers:
                    - {name: s1, type: slack, url: "https://a.example/x", urlFile: %s}
                    - {name: s2, type: slack, urlFile: %s}
                    - {name: s3, type: teams, urlFile: %s}
                    - {name: s4, type: slack, url: "ftp://files.example/SECRET", channel: "#ops"}
                    - {name: p1, type: pagerduty, routingKeyFile: %s}
                    - {name: p2, type: pagerduty, routingKeyFile: %s}
                    - {name: p3, type: pagerduty, routingKey: "0123456789abcdef0123456789abcdef"}
                    - {name: m1, type: email, smtpHost: mail.example, security: none, username: u,
                       from: "not an address", to: "a@example.org, @bad", timeoutSeconds: 0}
                    - {name: a1, type: alertmanager, url: "http://am.example:9093", holdSeconds: 10}
                    - {name: w1, type: webhook}
                """.formatted(slackUrl, dir.resolve("missing"), http, open, shortKey));
        assertThat(p).contains(
                "alerts.receivers[s1]: give exactly one of url and urlFile (the file keeps the URL, which is the "
                        + "secret, out of collector.yaml)",
                "alerts.receivers[s2].urlFile: " + dir.resolve("missing") + " does not exist",
                "alerts.receivers[s3].urlFile: the URL in the file is plain http to hooks.example; use https, or "
                        + "set insecureHttp: true for a receiver on a trusted network",
                "alerts.receivers[s4].channel: unknown setting for type slack (known: insecureHttp, timeoutSeconds, "
                        + "url, urlFile)",
                "alerts.receivers[s4].url: the URL must be an absolute https:// URL with a host",
                "alerts.receivers[p1].routingKeyFile: " + open + " is readable by every user; it holds a secret "
                        + "(chmod o-r and keep it owned by the collector's user)",
                "alerts.receivers[p2].routingKeyFile: the routing key must be 32 letters and digits (the integration "
                        + "key of an Events API v2 integration)",
                "alerts.receivers[p3].routingKey: unknown setting for type pagerduty (known: baseUrl, insecureHttp, "
                        + "routingKeyFile, timeoutSeconds)",
                "alerts.receivers[p3].routingKeyFile: required for type pagerduty (a file holding the secret, "
                        + "readable by the collector only)",
                "alerts.receivers[m1].security: none sends the password and the mail in clear text; it is accepted "
                        + "only towards a loopback server, not mail.example",
                "alerts.receivers[m1]: username and passwordFile go together (both for AUTH, neither for none)",
                "alerts.receivers[m1].timeoutSeconds: '0' must be a whole number 1-300",
                "alerts.receivers[a1].url: 'http://am.example:9093' is plain http to am.example; use https, or set "
                        + "insecureHttp: true for a receiver on a trusted network",
                "alerts.receivers[a1].holdSeconds: '10' must be a whole number 60-31536000",
                "alerts.receivers[w1]: give exactly one of url and urlFile (the file keeps the URL, which is the "
                        + "secret, out of collector.yaml)");
        assertThat(p).anyMatch(s -> s.startsWith("alerts.receivers[m1].from: 'not an address' is not an email"));
        assertThat(p).anyMatch(s -> s.startsWith("alerts.receivers[m1].to: '@bad' is not an email address"));
        assertThat(String.join("\n", p)).doesNotContain("SECRET").doesNotContain("0123456789abcdef0123456789abcdef")
                .doesNotContain("hooks.slack.com");
    }

    @Test
    void plainHttpIsFineToALoopbackReceiver() throws Exception {
        AlertsConfig a = load("""
                alerts:
                  receivers:
                    - {name: am, type: alertmanager, url: "http://127.0.0.1:9093"}
                    - {name: hook, type: webhook, url: "http://localhost:8080/bt"}
                    - {name: mail, type: email, smtpHost: 127.0.0.1, smtpPort: 2525, security: none,
                       from: a@example.org, to: b@example.org}
                """).alerts();
        assertThat(a.receivers()).hasSize(3);
    }
}
