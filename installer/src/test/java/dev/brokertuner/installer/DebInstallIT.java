package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the .debs on this machine for real (CI runs as root on a throwaway machine): user, files, permissions,
 * enabled unit, the command run as the service user, an upgrade keeping an edited config, remove, purge. Refuses to
 * run where broker-tuner packages are already installed, and leaves the machine as it found it.
 */
class DebInstallIT {
    private static final String USER = "broker-tuner";
    private static final String WANTS = "/etc/systemd/system/multi-user.target.wants/";
    private final Build build = Build.current();
    private boolean userExisted;
    private boolean createdKafkaGroup;

    @BeforeEach
    void preconditions() {
        Tools.requireRoot();
        Tools.require("dpkg", "dpkg", "dpkg-deb", "dpkg", "adduser", "adduser", "deb-systemd-helper",
                "init-system-helpers", "systemd-analyze", "systemd", "runuser", "util-linux", "userdel", "passwd",
                "groupadd", "passwd");
        for (String pkg : List.of("broker-tuner-agent", "broker-tuner-collector")) {
            assertThat(status(pkg)).as(pkg + " is installed on this machine; this test installs and purges it, so it "
                    + "refuses to run here (dpkg --purge " + pkg + " first, or run on a throwaway machine)").isEmpty();
        }
        String java = Command.ok("dpkg-query", "-W", "-f", "${Package} ${Status} ${Provides}\\n").out();
        assertThat(java.lines().anyMatch(l -> l.contains("install ok installed")
                && (l.startsWith("openjdk-17-jre-headless") || l.contains("java17-runtime-headless"))))
                .as("the packages depend on openjdk-17-jre-headless | java17-runtime-headless, which dpkg does not "
                        + "find installed: apt-get install openjdk-17-jre-headless")
                .isTrue();
        userExisted = HostAccounts.user(USER).isPresent();
        if (!HostAccounts.groupExists("kafka")) {
            Command.ok("groupadd", "--system", "kafka");
            createdKafkaGroup = true;
        }
    }

    @AfterEach
    void restoreMachine() {
        for (String pkg : List.of("broker-tuner-agent", "broker-tuner-collector")) {
            if (!status(pkg).isEmpty()) {
                Command.run("dpkg", "--purge", pkg);
            }
        }
        if (!userExisted) {
            HostAccounts.removeUserAndGroup(USER);
        }
        if (createdKafkaGroup) {
            Command.run("groupdel", "kafka");
        }
    }

    @Test
    void installsRunsUpgradesKeepingAnEditedConfigAndPurges(@TempDir Path dir) throws IOException {
        Command.ok("dpkg", "-i", build.agentDeb().toString());
        assertThat(status("broker-tuner-agent")).isEqualTo("install ok installed " + build.version());

        // the system user, in the broker's group
        List<String> pw = HostAccounts.user(USER).orElseThrow(() -> new AssertionError("postinst created no user"));
        assertThat(Integer.parseInt(pw.get(2))).as("a system uid").isLessThan(1000);
        assertThat(pw.get(5)).isEqualTo("/var/lib/broker-tuner");
        assertThat(pw.get(6)).isEqualTo("/usr/sbin/nologin");
        assertThat(HostAccounts.groupsOf(USER)).contains(USER, "kafka");

        // files and permissions
        assertMode("/usr/bin/broker-tuner", "rwxr-xr-x", "root", "root");
        assertMode("/etc/broker-tuner/agent.yaml", "rw-r--r--", "root", "root");
        assertMode("/lib/systemd/system/broker-tuner-agent.service", "rw-r--r--", "root", "root");
        assertMode("/var/lib/broker-tuner", "rwxr-x---", USER, USER);
        assertThat(Path.of("/usr/share/broker-tuner/lib/broker-tuner-agent.jar")).isRegularFile();
        // the class data sharing archive postinst dumped: root's, read-only for everyone else
        assertMode("/var/cache/broker-tuner", "rwxr-xr-x", "root", "root");
        assertMode("/var/cache/broker-tuner/agent.jsa", "r--r--r--", "root", "root");
        assertMode("/var/cache/broker-tuner/agent.jsa.key", "rw-r--r--", "root", "root");
        // and it matches the unit's JDK and classpath: -Xshare:on refuses to start on an archive it cannot use
        assertThat(asUser("java", "-XX:SharedArchiveFile=/var/cache/broker-tuner/agent.jsa", "-Xshare:on", "-cp",
                "/usr/share/broker-tuner/lib/*", "dev.brokertuner.agent.cli.Main", "--version").out().strip())
                .isEqualTo("broker-tuner " + build.version());
        assertThat(Path.of("/usr/share/man/man1/broker-tuner.1.gz")).isRegularFile();

        // enabled the way deb-systemd-helper records it (also without a running systemd)
        assertThat(Files.readSymbolicLink(Path.of(WANTS + "broker-tuner-agent.service")))
                .isEqualTo(Path.of("/lib/systemd/system/broker-tuner-agent.service"));

        // the installed command, as the service user
        assertThat(Command.ok("broker-tuner", "--version").out().strip()).isEqualTo("broker-tuner " + build.version());
        assertThat(asUser("broker-tuner", "agent", "--check-config").out())
                .contains("configuration OK: /etc/broker-tuner/agent.yaml");
        // the unit's own command line, as systemd would build it, runs the agent's config check as the service user
        List<String> exec = new java.util.ArrayList<>(UnitCommandLine.execStart(
                Files.readString(Path.of("/lib/systemd/system/broker-tuner-agent.service")), java.util.Map.of()));
        exec.add("--check-config");
        assertThat(asUser(exec.toArray(String[]::new)).out())
                .contains("configuration OK: /etc/broker-tuner/agent.yaml");
        JsonNode report = new ObjectMapper().readTree(
                asUser("broker-tuner", "inspect", "--format", "json", "--sample-seconds", "1").out());
        assertThat(report.path("agentVersion").asText()).isEqualTo(build.version());
        assertThat(report.path("schemaVersion").asInt()).isPositive();

        // a local edit survives the upgrade to a newer build whose default changed too
        Path conf = Path.of("/etc/broker-tuner/agent.yaml");
        Files.writeString(conf, Files.readString(conf) + "intervalSeconds: 60\n");
        String newer = build.version() + "+test1";
        Path newerDeb = rebuild(build.agentDeb(), newer, dir);
        Command.ok("dpkg", "-i", "--force-confdef", "--force-confold", newerDeb.toString());
        assertThat(status("broker-tuner-agent")).isEqualTo("install ok installed " + newer);
        assertThat(Files.readString(conf)).endsWith("intervalSeconds: 60\n");
        assertThat(Path.of("/etc/broker-tuner/agent.yaml.dpkg-dist")).content().contains("# newer default");
        assertThat(asUser("broker-tuner", "agent", "--check-config").out()).contains("configuration OK");
        assertThat(Path.of(WANTS + "broker-tuner-agent.service")).exists();

        // remove keeps config and state; purge takes them, the unit's enablement, and leaves the user (policy)
        Command.ok("dpkg", "-r", "broker-tuner-agent");
        assertThat(Path.of("/usr/bin/broker-tuner")).doesNotExist();
        assertThat(Path.of("/usr/share/broker-tuner")).doesNotExist();
        assertThat(Path.of("/var/cache/broker-tuner")).doesNotExist();
        assertThat(conf).exists();
        assertThat(Path.of("/var/lib/broker-tuner")).isDirectory();
        Command.ok("dpkg", "--purge", "broker-tuner-agent");
        assertThat(status("broker-tuner-agent")).isEmpty();
        assertThat(Path.of("/etc/broker-tuner")).doesNotExist();
        assertThat(Path.of("/etc/default/broker-tuner-agent")).doesNotExist();
        assertThat(Path.of("/var/lib/broker-tuner")).doesNotExist();
        assertThat(Path.of(WANTS + "broker-tuner-agent.service")).doesNotExist();
        assertThat(HostAccounts.user(USER)).isPresent();
    }

    @Test
    void agentAndCollectorInstallSideBySideAndPurgeIndependently() throws IOException {
        // naming the broker's groups replaces the guess (kafka exists here, but is not named)
        Command.ok("groupadd", "--system", "bt-named-group");
        try {
            Command.run(Map.of("BROKER_TUNER_BROKER_GROUPS", "bt-named-group"), "dpkg", "-i",
                    build.agentDeb().toString(), build.collectorDeb().toString()).assertOk();
            assertThat(HostAccounts.groupsOf(USER)).contains("bt-named-group").doesNotContain("kafka");
        } finally {
            Command.run("groupdel", "bt-named-group");
        }
        assertThat(Path.of(WANTS + "broker-tuner-agent.service")).exists();
        assertThat(Path.of(WANTS + "broker-tuner-collector.service")).exists();
        assertMode("/var/lib/broker-tuner-collector", "rwxr-x---", USER, USER);
        // the collector's class data sharing archive: its own root-owned cache (the agent's postrm removes its own)
        assertMode("/var/cache/broker-tuner-collector", "rwxr-xr-x", "root", "root");
        assertMode("/var/cache/broker-tuner-collector/collector.jsa", "r--r--r--", "root", "root");
        assertMode("/var/cache/broker-tuner-collector/collector.jsa.key", "rw-r--r--", "root", "root");
        assertThat(asUser("java", "-XX:SharedArchiveFile=/var/cache/broker-tuner-collector/collector.jsa",
                "-Xshare:on", "-cp", "/usr/share/broker-tuner/collector/lib/*", "dev.brokertuner.collector.cli.Main",
                "--version").out().strip()).isEqualTo("broker-tuner-collector");
        Path tokens = Path.of("/etc/broker-tuner/collector-tokens");
        assertMode(tokens.toString(), "rw-r-----", "root", USER);
        String token = Files.readString(tokens);
        assertThat(token).matches("default [0-9a-f]{64}\n");
        Command.ok("dpkg", "-i", build.collectorDeb().toString());
        assertThat(tokens).as("a reinstall keeps the token").content().isEqualTo(token);
        assertThat(Command.ok("getent", "passwd").lines()).filteredOn(l -> l.startsWith(USER + ":")).hasSize(1);

        Command.ok("dpkg", "--purge", "broker-tuner-agent");
        assertThat(Path.of("/var/cache/broker-tuner-collector/collector.jsa")).isRegularFile();
        assertThat(Path.of("/etc/broker-tuner/collector.yaml")).exists();
        assertThat(Path.of("/var/lib/broker-tuner-collector")).isDirectory();
        assertThat(Path.of("/usr/bin/broker-tuner-collector")).exists();
        assertThat(Path.of(WANTS + "broker-tuner-collector.service")).exists();

        Command.ok("dpkg", "--purge", "broker-tuner-collector");
        assertThat(Path.of("/var/cache/broker-tuner-collector")).doesNotExist();
        assertThat(Path.of("/etc/broker-tuner")).doesNotExist();
        assertThat(Path.of("/var/lib/broker-tuner-collector")).doesNotExist();
        assertThat(Path.of("/usr/share/broker-tuner")).doesNotExist();
    }

    @Test
    void postinstJoinsTheGroupOfARunningBroker() throws IOException, InterruptedException {
        String group = "bt-fake-broker";
        Command.ok("groupadd", "--system", group);
        // a process whose command line reads like a broker's, running with the broker's group
        Process broker = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=" + group, "--clear-groups",
                "bash", "-c", "exec -a kafka.Kafka sleep 600").start();
        try {
            Path cmdline = Path.of("/proc", String.valueOf(broker.pid()), "cmdline");
            for (int i = 0; i < 100 && !Files.readString(cmdline).startsWith("kafka.Kafka"); i++) {
                Thread.sleep(50);
            }
            Command.ok("dpkg", "-i", build.agentDeb().toString());
            assertThat(HostAccounts.groupsOf(USER)).contains(group);
        } finally {
            broker.destroyForcibly().waitFor();
            Command.run("dpkg", "--purge", "broker-tuner-agent");
            Command.run("groupdel", group);
        }
    }

    /** dpkg's status line and version of {@code pkg}, empty when dpkg does not know it (or it is purged). */
    private static String status(String pkg) {
        Command c = Command.run("dpkg-query", "-W", "-f", "${Status} ${Version}", pkg);
        return c.exit() != 0 || c.out().startsWith("unknown ok not-installed") ? "" : c.out().strip();
    }

    private static Command asUser(String... argv) {
        String[] cmd = new String[argv.length + 4];
        cmd[0] = "runuser";
        cmd[1] = "-u";
        cmd[2] = USER;
        cmd[3] = "--";
        System.arraycopy(argv, 0, cmd, 4, argv.length);
        return Command.ok(cmd);
    }

    private static void assertMode(String path, String mode, String owner, String group) {
        try {
            PosixFileAttributes a = Files.readAttributes(Path.of(path), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(a.permissions())).as(path).isEqualTo(mode);
            assertThat(a.owner().getName()).as(path + " owner").isEqualTo(owner);
            assertThat(a.group().getName()).as(path + " group").isEqualTo(group);
        } catch (IOException e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    /** The same package as version {@code version}, with a changed default config (a newer build). */
    private static Path rebuild(Path deb, String version, Path dir) throws IOException {
        Path root = dir.resolve("newer");
        Command.ok("dpkg-deb", "-R", deb.toString(), root.toString());
        Path control = root.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path conf = root.resolve("etc/broker-tuner/agent.yaml");
        Files.writeString(conf, Files.readString(conf) + "# newer default\n");
        Path md5sums = root.resolve("DEBIAN/md5sums");
        String sum = Command.ok("md5sum", conf.toString()).out().split("\\s+")[0];
        Files.writeString(md5sums, Files.readString(md5sums)
                .replaceFirst("(?m)^[0-9a-f]{32}  etc/broker-tuner/agent.yaml$",
                        sum + "  etc/broker-tuner/agent.yaml"));
        Path out = dir.resolve("broker-tuner-agent_" + version + "_all.deb");
        Command.ok("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", root.toString(), out.toString());
        return out;
    }
}
