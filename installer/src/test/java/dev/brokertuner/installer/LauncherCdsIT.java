package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/broker-tuner's class data sharing archive, in a copy of the checkout layout (bin/, agent/target/): {@code
 * BROKER_TUNER_CDS=dump} dumps it with this JDK from the build's class list, the next start maps the agent's own
 * classes from it, and a start whose archive directory others may write loads them from the jars instead (an
 * archive is loaded code).
 */
class LauncherCdsIT {
    private final Build build = Build.current();

    @Test
    void usesTheArchiveOnlyWhenNoOneElseCanWriteIt(@TempDir Path root) throws IOException {
        Path target = root.resolve("agent/target");
        Files.createDirectories(target.resolve("lib"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(build.repo().resolve("bin/broker-tuner"), root.resolve("bin/broker-tuner"));
        Path built = build.agentTarget();
        Files.copy(built.resolve("broker-tuner-agent.jar"), target.resolve("broker-tuner-agent.jar"));
        Files.copy(built.resolve("broker-tuner-agent.classlist"), target.resolve("broker-tuner-agent.classlist"));
        try (Stream<Path> jars = Files.list(built.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, target.resolve("lib").resolve(jar.getFileName()));
            }
        }
        for (Path dir : new Path[] {root, root.resolve("agent"), target}) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String launcher = root.resolve("bin/broker-tuner").toString();

        Command.run(Map.of("BROKER_TUNER_CDS", "dump"), launcher).assertOk();
        assertThat(target.resolve("agent.jsa")).isRegularFile();
        assertThat(target.resolve("agent.jsa.key")).isRegularFile();

        Map<String, String> logLoads = Map.of("BROKER_TUNER_JAVA_OPTS", "-Xlog:class+load=info");
        assertThat(Command.run(logLoads, launcher, "--version").assertOk().out())
                .contains("dev.brokertuner.agent.cli.Main source: shared objects file");

        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxr-x"));
        String unsafe = Command.run(logLoads, launcher, "--version").assertOk().out();
        assertThat(unsafe).contains("dev.brokertuner.agent.cli.Main source: file:")
                .doesNotContain("dev.brokertuner.agent.cli.Main source: shared objects file");

        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Command.run(Map.of("BROKER_TUNER_CDS", "off", "BROKER_TUNER_JAVA_OPTS", "-Xlog:class+load=info"),
                launcher, "--version").assertOk().out())
                .doesNotContain("dev.brokertuner.agent.cli.Main source: shared objects file");
    }
}
