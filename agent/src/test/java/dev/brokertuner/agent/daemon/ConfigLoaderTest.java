package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.cli.Main;
import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.report.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());

    @Test
    void emptyFileGivesTheDocumentedDefaults() throws Exception {
        AgentConfig c = loader.parse("", null);
        assertThat(c.listenHost()).isEqualTo("127.0.0.1");
        assertThat(c.listenPort()).isEqualTo(9797);
        assertThat(c.intervalSeconds()).isEqualTo(30);
        assertThat(c.sampleSeconds()).isEqualTo(5);
        assertThat(c.procfs()).isEqualTo(Path.of("/proc"));
        assertThat(c.collector()).isNull();
        assertThat(c.brokerEnabled()).isTrue();
    }

    @Test
    void readsEveryKey(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "abc\n");
        AgentConfig c = loader.parse("""
                listen: 0.0.0.0:9000
                procfs: /host/proc
                sysfs: /host/sys
                logDirs: [/data/1, /data/2]
                intervalSeconds: 60
                sampleSeconds: 10
                jmx: {url: "127.0.0.1:9999", user: monitor}
                bootstrapServers: localhost:9092
                collector:
                  url: https://collector.example:9798/
                  tokenFile: %s
                  outboxDir: %s
                  outboxMaxReports: 50
                rules:
                  host.vm.swappiness: {severity: critical}
                  host.fs.noatime: {enabled: false}
                clusterAlias: prod-eu
                tags: {dc: eu1, rack: 7}
                """.formatted(token, dir.resolve("outbox")), null);
        assertThat(c.listenPort()).isEqualTo(9000);
        assertThat(c.logDirs()).containsExactly("/data/1", "/data/2");
        assertThat(c.collector().url()).isEqualTo("https://collector.example:9798");
        assertThat(c.collector().token()).isEqualTo("abc");
        assertThat(c.collector().outboxMaxReports()).isEqualTo(50);
        assertThat(c.rules().get("host.vm.swappiness").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(c.rules().get("host.fs.noatime").enabled()).isFalse();
        assertThat(c.tags()).containsEntry("rack", "7");
        assertThat(c.collector().toString()).doesNotContain("abc");
    }

    @Test
    void listsEveryProblemAtOnce(@TempDir Path dir) {
        String yaml = """
                listen: nowhere
                intervalSeconds: ten
                sampleSeconds: 5
                colector: {url: http://x}
                collector: {url: "http://c:9798", tokenFile: %s}
                rules:
                  host.no.such.rule: {enabled: false}
                  host.vm.swappiness: {thresholds: {nope: 3}}
                """.formatted(dir.resolve("missing-token"));
        assertThatThrownBy(() -> loader.parse(yaml, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(6)
                        .anySatisfy(p -> assertThat(p).startsWith("listen:"))
                        .anySatisfy(p -> assertThat(p).startsWith("intervalSeconds: must be a whole number"))
                        .anySatisfy(p -> assertThat(p).startsWith("colector: unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("collector.tokenFile: cannot read"))
                        .anySatisfy(p -> assertThat(p).startsWith("rules.host.no.such.rule: unknown rule id"))
                        .anySatisfy(p -> assertThat(p).startsWith("rules.host.vm.swappiness.thresholds.nope")));
    }

    @Test
    void sampleMustBeShorterThanInterval() {
        assertThatThrownBy(() -> loader.parse("intervalSeconds: 5\nsampleSeconds: 5\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("sampleSeconds (5) must be less than intervalSeconds (5)"));
    }

    @Test
    void badConfigExits78AndCheckConfigExits0(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "listen: 1\nfoo: bar\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), "intervalSeconds: 10\n");
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        var err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            assertThat(Main.run("agent", "--config", bad.toString())).isEqualTo(78);
            assertThat(Main.run("agent", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(78);
            assertThat(Main.run("agent", "--config", good.toString(), "--check-config")).isZero();
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertThat(err.toString()).contains("2 problem(s)", "foo: unknown key", "listen:", "absent.yaml");
    }

    @Test
    void aShortIntervalAloneGetsAShorterDefaultSample() throws Exception {
        assertThat(loader.parse("intervalSeconds: 5\n", null).sampleSeconds()).isEqualTo(2);
        assertThat(loader.parse("intervalSeconds: 1\n", null).sampleSeconds()).isZero();
        assertThat(loader.parse("intervalSeconds: 10\n", null).sampleSeconds()).isEqualTo(5);
        assertThat(loader.parse("intervalSeconds: 5\nsampleSeconds: 4\n", null).sampleSeconds()).isEqualTo(4);
        assertThatThrownBy(() -> loader.parse("intervalSeconds: 5\nsampleSeconds: 6\n", null))
                .hasMessageContaining("sampleSeconds (6) must be less than intervalSeconds (5)");
    }

    @Test
    void yamlErrorsKeepLineColumnAndTheParsersReason() {
        assertThatThrownBy(() -> loader.parse("intervalSeconds: 10\nlogDirs: [/data\nclusterAlias: x\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().matches("not valid YAML at line \\d+, column \\d+: .*flow sequence.*"));
        assertThatThrownBy(() -> loader.parse("intervalSeconds: 10\n  sampleSeconds: 2\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("not valid YAML at line 2, column ")
                        .contains("mapping values are not allowed here"));
        assertThatThrownBy(() -> loader.parse("intervalSeconds: 10\nintervalSeconds: 20\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("not valid YAML at line 2, column ")
                        .contains("Duplicate field 'intervalSeconds'"));
    }

    @Test
    void wrongTypesAreRefusedNotCoerced() {
        assertThatThrownBy(() -> loader.parse("""
                procfs: 5
                logDirs: 5
                clusterAlias: [a, b]
                intervalSeconds: "30"
                sampleSeconds: 2.5
                broker: {enabled: "yes"}
                bootstrapServers: true
                jmx: {url: 9999}
                """, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .contains("procfs: must be a string, got a number '5' (quote it if it is meant as text)",
                                "logDirs: must be a list of strings",
                                "intervalSeconds: must be a whole number, got '30'",
                                "sampleSeconds: must be a whole number, got '2.5'",
                                "broker.enabled: must be true or false")
                        .anySatisfy(p -> assertThat(p).startsWith("clusterAlias: must be a string, got a list"))
                        .anySatisfy(p -> assertThat(p).startsWith("bootstrapServers: must be a string, got a boolean"))
                        .anySatisfy(p -> assertThat(p).startsWith("jmx.url: must be a string, got a number")));
    }

    @Test
    void allowedHostsAreNamesOrAddressesOnly() throws Exception {
        assertThat(loader.parse("allowedHosts: [kafka-01.example, \"10.0.0.5\", \"[fd00::1]\"]\n", null)
                .allowedHosts()).containsExactly("kafka-01.example", "10.0.0.5", "[fd00::1]");
        assertThatThrownBy(() -> loader.parse("allowedHosts: [\"http://x\", \"evil.example:80\"]\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                        .allMatch(p -> p.startsWith("allowedHosts: ")));
    }
}
