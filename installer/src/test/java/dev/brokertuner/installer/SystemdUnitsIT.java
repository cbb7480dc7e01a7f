package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units in {@code systemd/}: {@code systemd-analyze verify} prints nothing (it exits 0 on unknown keys and bad
 * values, so any output fails), {@code systemd-analyze security --offline=true} rates them 2.0 or lower, and the
 * directives the daemons depend on are there.
 */
class SystemdUnitsIT {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");
    private final Build build = Build.current();

    @Test
    void agentUnitVerifiesWithoutAnyOutput() {
        assertVerifiesSilently(build.unit("broker-tuner-agent.service"));
    }

    @Test
    void collectorUnitVerifiesWithoutAnyOutput() {
        assertVerifiesSilently(build.unit("broker-tuner-collector.service"));
    }

    @Test
    void agentExposureIsAtMostTwo() {
        assertThat(exposure(build.unit("broker-tuner-agent.service"))).isLessThanOrEqualTo(2.0);
    }

    @Test
    void collectorExposureIsAtMostTwo() {
        assertThat(exposure(build.unit("broker-tuner-collector.service"))).isLessThanOrEqualTo(2.0);
    }

    @Test
    void agentWithTheMapsDropInStillVerifiesAndRatesAtMostTwo(@TempDir Path dir) throws IOException {
        // systemd merges a drop-in's [Service] lines after the unit's: appending them is the same unit
        Path merged = dir.resolve("broker-tuner-agent.service");
        Files.writeString(merged, Files.readString(build.unit("broker-tuner-agent.service")) + "\n"
                + Files.readString(build.unit("read-broker-maps.conf")));
        assertVerifiesSilently(merged);
        assertThat(exposure(merged)).isLessThanOrEqualTo(2.0);
        assertThat(Command.ok("systemd-analyze", "security", "--offline=true", merged.toString()).out())
                .as("the drop-in grants exactly CAP_SYS_PTRACE")
                .contains("CapabilityBoundingSet=~CAP_SYS_PTRACE");
    }

    @Test
    void bothUnitsRunTheJvmDirectlyAsTheServiceUserAndDoNotRestartOnBadConfig() throws IOException {
        for (String name : List.of("broker-tuner-agent.service", "broker-tuner-collector.service")) {
            List<String> lines = Files.readAllLines(build.unit(name));
            assertThat(lines).as(name).contains("Type=exec", "User=broker-tuner", "Restart=on-failure",
                    "RestartPreventExitStatus=78", "ProtectSystem=strict", "NoNewPrivileges=yes",
                    "CapabilityBoundingSet=", "PrivateTmp=yes", "PrivateDevices=yes",
                    "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallArchitectures=native",
                    "ProtectKernelTunables=yes", "ProtectKernelModules=yes", "ProtectControlGroups=yes",
                    "RestrictNamespaces=yes", "LockPersonality=yes", "WantedBy=multi-user.target");
            assertThat(lines).as(name).anyMatch(l -> l.startsWith("ExecStart=/usr/bin/java "))
                    .anyMatch(l -> l.startsWith("StateDirectory=")).anyMatch(l -> l.startsWith("MemoryMax="))
                    .anyMatch(l -> l.startsWith("ProtectHome="));
            assertThat(lines).as(name + ": HotSpot cannot start with W^X pages forbidden")
                    .noneMatch(l -> l.startsWith("MemoryDenyWriteExecute="));
        }
        assertThat(Files.readAllLines(build.unit("broker-tuner-agent.service")))
                .as("the agent must see the broker's /proc/PID").noneMatch(l -> l.startsWith("ProtectProc="))
                .contains("StateDirectory=broker-tuner", "ProtectHome=read-only");
    }

    @Test
    void agentExecStartNamesTheAgentsMainClassAndTheConfigFile() throws IOException {
        String exec = Files.readAllLines(build.unit("broker-tuner-agent.service")).stream()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertThat(exec).contains("-cp /usr/share/broker-tuner/lib/* dev.brokertuner.agent.cli.Main agent --config ");
        Path jar = build.agentTarget().resolve("broker-tuner-agent.jar");
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("dev/brokertuner/agent/cli/Main.class")).as(jar + " has the main class")
                    .isNotNull();
        }
    }

    @Test
    void agentServiceRunsTheJvmWithTheLaunchersMeasuredOptions() throws IOException {
        String launcher = Files.readString(build.repo().resolve("bin/broker-tuner"));
        Matcher m = Pattern.compile("BROKER_TUNER_JAVA_OPTS:-([^}]*)}").matcher(launcher);
        assertThat(m.find()).as("bin/broker-tuner's default JVM options").isTrue();
        List<String> exec = UnitCommandLine.execStart(
                Files.readString(build.unit("broker-tuner-agent.service")), java.util.Map.of());
        assertThat(exec).as("the unit's JAVA_OPTS (keep them in step with bin/broker-tuner's, measured footprint)")
                .containsAll(List.of(m.group(1).trim().split("\\s+")));
        if (launcher.contains("MALLOC_ARENA_MAX")) {
            assertThat(Files.readAllLines(build.unit("broker-tuner-agent.service")))
                    .anyMatch(l -> l.startsWith("Environment=MALLOC_ARENA_MAX="));
        }
    }

    static void assertVerifiesSilently(Path unit) {
        Tools.require("systemd-analyze", "systemd");
        Command c = Command.run("systemd-analyze", "verify", "--man=no", unit.toString());
        assertThat(c.exit()).as(c.describe()).isZero();
        assertThat(c.out() + c.err()).as("systemd-analyze verify must print nothing:\n" + c.describe()).isEmpty();
    }

    static double exposure(Path unit) {
        Tools.require("systemd-analyze", "systemd");
        Command c = Command.ok("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString());
        Matcher m = EXPOSURE.matcher(c.out());
        assertThat(m.find()).as("no exposure level in\n" + c.describe()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
