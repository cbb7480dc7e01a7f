package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/broker-tuner-collector's class data sharing archive, in a copy of the checkout layout (bin/, collector/target/):
 * {@code BROKER_TUNER_COLLECTOR_CDS=dump} dumps it with this JDK from the build's class list, the next start maps the
 * collector's own classes from it, a start whose archive directory others may write loads them from the jars
 * instead (an archive is loaded code), and so does one whose jars changed since the dump (a stale key).
 */
class CollectorLauncherCdsIT {
    private static final String MAIN = "dev.brokertuner.collector.cli.Main source: ";
    private final Build build = Build.current();

    @Test
    void usesTheArchiveOnlyWhenNoOneElseCanWriteItAndItIsCurrent(@TempDir Path root) throws IOException {
        Path target = root.resolve("collector/target");
        Files.createDirectories(target.resolve("lib"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(build.repo().resolve("bin/broker-tuner-collector"), root.resolve("bin/broker-tuner-collector"));
        Path built = build.collectorTarget();
        Files.copy(built.resolve("broker-tuner-collector.jar"), target.resolve("broker-tuner-collector.jar"));
        Files.copy(built.resolve("broker-tuner-collector.classlist"),
                target.resolve("broker-tuner-collector.classlist"));
        try (Stream<Path> jars = Files.list(built.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, target.resolve("lib").resolve(jar.getFileName()));
            }
        }
        for (Path dir : new Path[] {root, root.resolve("collector"), target}) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String launcher = root.resolve("bin/broker-tuner-collector").toString();

        Command.run(Map.of("BROKER_TUNER_COLLECTOR_CDS", "dump"), launcher).assertOk();
        assertThat(target.resolve("collector.jsa")).isRegularFile();
        assertThat(target.resolve("collector.jsa.key")).isRegularFile();

        Map<String, String> logLoads = Map.of("BROKER_TUNER_COLLECTOR_JAVA_OPTS", "-Xlog:class+load=info",
                "BROKER_TUNER_COLLECTOR_CDS", "on");
        assertThat(Command.run(logLoads, launcher, "--version").assertOk().out())
                .contains(MAIN + "shared objects file");
        // the training ran the ingest path, not only the command line: HTTP, schema, store, alerts, views
        assertThat(Files.readAllLines(target.resolve("broker-tuner-collector.classlist")))
                .contains("dev/brokertuner/collector/http/IngestRoutes", "dev/brokertuner/report/ReportValidator",
                        "com/networknt/schema/keyword/UnionTypeValidator", "org/h2/mvstore/MVStore",
                        "dev/brokertuner/collector/store/GroupCommitWriter",
                        "dev/brokertuner/collector/alerts/Lifecycle", "dev/brokertuner/collector/alerts/WebhookReceiver",
                        "dev/brokertuner/collector/fleet/FleetViews", "dev/brokertuner/collector/http/Dashboard");

        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThat(Command.run(logLoads, launcher, "--version").assertOk().out()).contains(MAIN + "file:")
                .doesNotContain(MAIN + "shared objects file");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(Command.run(Map.of("BROKER_TUNER_COLLECTOR_CDS", "off", "BROKER_TUNER_COLLECTOR_JAVA_OPTS",
                "-Xlog:class+load=info"), launcher, "--version").assertOk().out())
                .doesNotContain(MAIN + "shared objects file");

        // a jar that changed since the dump: the key no longer matches, so this start goes without the archive and
        // dumps a new one in the background, which the next start maps
        String oldKey = Files.readString(target.resolve("collector.jsa.key"));
        Files.setLastModifiedTime(target.resolve("broker-tuner-collector.jar"),
                FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(Command.run(logLoads, launcher, "--version").assertOk().out())
                .doesNotContain(MAIN + "shared objects file");
        for (int i = 0; i < 1200 && Files.readString(target.resolve("collector.jsa.key")).equals(oldKey); i++) {
            sleep();
        }
        assertThat(Files.readString(target.resolve("collector.jsa.key"))).isNotEqualTo(oldKey);
        assertThat(Command.run(logLoads, launcher, "--version").assertOk().out())
                .contains(MAIN + "shared objects file");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
