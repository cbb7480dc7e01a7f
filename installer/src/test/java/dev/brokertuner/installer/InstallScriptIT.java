package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball's {@code install.sh} for real, as root, into a temporary prefix, sysconfdir and unit dir: the same
 * files, user and units as the .deb; idempotent; an edited config survives; {@code --uninstall} and {@code --purge};
 * a plain message when not run as root.
 */
class InstallScriptIT {
    private static final String USER = "broker-tuner";
    private final Build build = Build.current();
    private boolean userExisted;
    private boolean createdKafkaGroup;
    private Path unpacked;
    private Path prefix;
    private Path etc;
    private Path units;

    @BeforeEach
    void unpack(@TempDir Path dir) throws IOException {
        Tools.requireRoot();
        Tools.require("tar", "tar", "runuser", "util-linux", "setpriv", "util-linux", "useradd", "passwd",
                "systemd-analyze", "systemd");
        assertThat(Path.of("/usr/share/broker-tuner")).as("a broker-tuner package is installed here; this test "
                + "creates and removes the broker-tuner user, run it on a throwaway machine").doesNotExist();
        // nobody must be able to reach the unpacked tarball for the not-root check
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Command.ok("tar", "-xzf", build.tarball().toString(), "-C", dir.toString());
        unpacked = dir.resolve("broker-tuner-" + build.version());
        prefix = dir.resolve("usr");
        etc = dir.resolve("etc");
        units = dir.resolve("units");
        userExisted = HostAccounts.user(USER).isPresent();
        if (!HostAccounts.groupExists("kafka")) {
            Command.ok("groupadd", "--system", "kafka");
            createdKafkaGroup = true;
        }
    }

    @AfterEach
    void restoreMachine() {
        Command.run("rm", "-rf", "/var/lib/broker-tuner", "/var/lib/broker-tuner-collector");
        if (!userExisted) {
            HostAccounts.removeUserAndGroup(USER);
        }
        if (createdKafkaGroup) {
            Command.run("groupdel", "kafka");
        }
    }

    @Test
    void refusesPlainlyWhenNotRoot() {
        Command c = Command.run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                unpacked.resolve("install.sh").toString(), "--prefix", prefix.toString());
        assertThat(c.exit()).as(c.describe()).isEqualTo(77);
        assertThat(c.err()).contains("must be run as root");
        assertThat(prefix).doesNotExist();
    }

    @Test
    void installsIdempotentlyKeepsAnEditedConfigUninstallsAndPurges() throws IOException {
        install("--components", "agent,collector");

        List<String> pw = HostAccounts.user(USER).orElseThrow(() -> new AssertionError("install.sh created no user"));
        assertThat(Integer.parseInt(pw.get(2))).as("a system uid").isLessThan(1000);
        assertThat(HostAccounts.groupsOf(USER)).contains(USER, "kafka");
        Path share = prefix.resolve("share/broker-tuner");
        assertThat(share.resolve("lib/broker-tuner-agent.jar")).isRegularFile();
        assertThat(share.resolve("collector/lib")).isDirectory();
        assertThat(prefix.resolve("bin/broker-tuner")).isExecutable();
        assertThat(prefix.resolve("bin/broker-tuner-collector")).isExecutable();
        assertThat(prefix.resolve("share/man/man1/broker-tuner.1")).isRegularFile();
        assertThat(etc.resolve("broker-tuner/agent.yaml")).hasSameTextualContentAs(unpacked.resolve("etc/agent.yaml"));
        assertThat(etc.resolve("default/broker-tuner-agent")).isRegularFile();
        assertThat(Files.getOwner(Path.of("/var/lib/broker-tuner")).getName()).isEqualTo(USER);
        Path tokens = etc.resolve("broker-tuner/collector-tokens");
        assertThat(tokens).content().matches("default [0-9a-f]{64}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-r-----");
        assertThat(Files.readAttributes(tokens, java.nio.file.attribute.PosixFileAttributes.class).group().getName())
                .isEqualTo(USER);
        String token = Files.readString(tokens);

        // the units point at this install and still verify cleanly
        Path unit = units.resolve("broker-tuner-agent.service");
        assertThat(Files.readString(unit)).contains("-cp " + share + "/lib/* dev.brokertuner.agent.cli.Main",
                "BROKER_TUNER_CONFIG=" + etc + "/broker-tuner/agent.yaml",
                "EnvironmentFile=-" + etc + "/default/broker-tuner-agent");
        SystemdUnitsIT.assertVerifiesSilently(unit);
        SystemdUnitsIT.assertVerifiesSilently(units.resolve("broker-tuner-collector.service"));
        assertThat(Files.readSymbolicLink(units.resolve("multi-user.target.wants/broker-tuner-agent.service")))
                .isEqualTo(unit);

        // the installed command, as the service user
        Path cmd = prefix.resolve("bin/broker-tuner");
        assertThat(Command.ok(cmd.toString(), "--version").out().strip()).isEqualTo("broker-tuner " + build.version());
        assertThat(asUser(cmd.toString(), "agent", "--check-config", "--config",
                etc.resolve("broker-tuner/agent.yaml").toString()).out()).contains("configuration OK");
        assertThat(new ObjectMapper()
                .readTree(asUser(cmd.toString(), "inspect", "--format", "json", "--sample-seconds", "1").out())
                .path("agentVersion").asText()).isEqualTo(build.version());

        // again: nothing changes, nothing is duplicated
        Command again = install("--components", "agent,collector");
        assertThat(again.out()).doesNotContain("created system user", "kept your");
        assertThat(etc.resolve("broker-tuner/agent.yaml.new")).doesNotExist();
        assertThat(Command.ok("getent", "group", "kafka").out()).containsOnlyOnce(USER);
        assertThat(tokens).as("the token stays the same").content().isEqualTo(token);

        // an edited config survives a newer tarball whose default changed; the new default lands beside it
        Path conf = etc.resolve("broker-tuner/agent.yaml");
        Files.writeString(conf, Files.readString(conf) + "intervalSeconds: 60\n");
        Files.writeString(unpacked.resolve("etc/agent.yaml"),
                Files.readString(unpacked.resolve("etc/agent.yaml")) + "# newer default\n");
        assertThat(install("--components", "agent").out()).contains("kept your " + conf);
        assertThat(Files.readString(conf)).endsWith("intervalSeconds: 60\n");
        assertThat(etc.resolve("broker-tuner/agent.yaml.new")).content().endsWith("# newer default\n");

        // an operator's drop-in (the optional maps one, copied from the install) is theirs until a purge
        Path dropIn = units.resolve("broker-tuner-agent.service.d/read-broker-maps.conf");
        Files.createDirectories(dropIn.getParent());
        Files.copy(share.resolve("read-broker-maps.conf"), dropIn);

        // uninstall with the installed copy: it remembers prefix, dirs and components; config, state, user stay
        Command.ok(share.resolve("install.sh").toString(), "--uninstall");
        assertThat(share).doesNotExist();
        assertThat(prefix.resolve("bin/broker-tuner")).doesNotExist();
        assertThat(prefix.resolve("bin/broker-tuner-collector")).doesNotExist();
        assertThat(unit).doesNotExist();
        assertThat(Files.exists(units.resolve("multi-user.target.wants/broker-tuner-agent.service"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(conf).exists();
        assertThat(dropIn).exists();
        assertThat(Path.of("/var/lib/broker-tuner")).isDirectory();
        assertThat(HostAccounts.user(USER)).isPresent();

        // purge with the same options: config, state and the user go
        Command.ok(unpacked.resolve("install.sh").toString(), "--purge", "--prefix", prefix.toString(),
                "--sysconfdir", etc.toString(), "--unitdir", units.toString(), "--components", "agent,collector");
        assertThat(etc.resolve("broker-tuner")).doesNotExist();
        assertThat(dropIn.getParent()).doesNotExist();
        assertThat(etc.resolve("default/broker-tuner-agent")).doesNotExist();
        assertThat(Path.of("/var/lib/broker-tuner")).doesNotExist();
        assertThat(Path.of("/var/lib/broker-tuner-collector")).doesNotExist();
        assertThat(HostAccounts.user(USER)).isEmpty();
    }

    private Command install(String... extra) {
        String[] argv = new String[8 + extra.length];
        argv[0] = unpacked.resolve("install.sh").toString();
        argv[1] = "--prefix";
        argv[2] = prefix.toString();
        argv[3] = "--sysconfdir";
        argv[4] = etc.toString();
        argv[5] = "--unitdir";
        argv[6] = units.toString();
        argv[7] = "--no-start";
        System.arraycopy(extra, 0, argv, 8, extra.length);
        return Command.ok(argv);
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
}
