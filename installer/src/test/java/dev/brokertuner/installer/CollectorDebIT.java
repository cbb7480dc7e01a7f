package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code broker-tuner-collector} .deb: control fields, payload beside the agent's (no shared file, so both
 * install on one host), conffiles, scripts, and launcher and unit naming the same main class.
 */
class CollectorDebIT {
    private static final String MAIN = "dev.brokertuner.collector.cli.Main";
    private final Build build = Build.current();
    private final DebPackage deb = DebPackage.of(build.collectorDeb());

    @Test
    void controlFieldsFollowDebianConventions() {
        Map<String, String> f = deb.fields();
        assertThat(f).containsEntry("Package", "broker-tuner-collector").containsEntry("Version", build.version())
                .containsEntry("Architecture", "all")
                .containsEntry("Depends", "openjdk-17-jre-headless | java17-runtime-headless, adduser");
    }

    @Test
    void shipsItsOwnFilesAndNoneOfTheAgents() {
        List<String> paths = deb.entries().stream().filter(e -> !e.isDirectory()).map(e -> "/" + e.path()).toList();
        assertThat(paths).contains("/usr/bin/broker-tuner-collector", "/etc/broker-tuner/collector.yaml",
                "/etc/default/broker-tuner-collector", "/lib/systemd/system/broker-tuner-collector.service",
                "/usr/share/doc/broker-tuner-collector/copyright", "/usr/share/doc/broker-tuner-collector/changelog.gz",
                "/usr/share/man/man1/broker-tuner-collector.1.gz");
        assertThat(paths)
                .anyMatch(p -> p.matches("/usr/share/broker-tuner/collector/lib/broker-tuner-collector.*\\.jar"))
                // the AppCDS class list postinst dumps the archive from, and the trigger that dumps it again
                .contains("/usr/share/broker-tuner/collector/lib/broker-tuner-collector.classlist");
        assertThat(deb.controlMember("triggers").orElseThrow()).isEqualTo("interest-noawait /usr/lib/jvm\n");
        Set<String> agentFiles = DebPackage.of(build.agentDeb()).entries().stream().filter(e -> !e.isDirectory())
                .map(e -> "/" + e.path()).collect(Collectors.toSet());
        assertThat(paths).as("files in both packages would make dpkg refuse the second")
                .doesNotContainAnyElementsOf(agentFiles);
        assertThat(deb.controlMember("conffiles").orElseThrow().lines().toList())
                .containsExactlyInAnyOrder("/etc/broker-tuner/collector.yaml", "/etc/default/broker-tuner-collector");
    }

    @Test
    void maintainerScriptsAreValidShellAndRemoveOnlyTheCollectorsState(@TempDir Path dir) throws IOException {
        for (String name : List.of("postinst", "prerm", "postrm")) {
            Path f = dir.resolve(name);
            Files.writeString(f, deb.controlMember(name).orElseThrow());
            Command.ok("sh", "-n", f.toString());
        }
        assertThat(Files.readString(dir.resolve("postinst"))).contains("adduser --quiet --system --group",
                "BT_STATE=/var/lib/broker-tuner-collector", "deb-systemd-helper enable",
                "if [ ! -e \"$BT_TOKENS\" ]; then", "chmod 0640 \"$BT_TOKENS\"");
        assertThat(Files.readString(dir.resolve("postinst"))).contains("BROKER_TUNER_COLLECTOR_CDS=dump "
                + "/usr/bin/broker-tuner-collector", "\"$1\" = \"triggered\"");
        assertThat(Files.readString(dir.resolve("postrm"))).contains("rm -rf /var/cache/broker-tuner-collector\n")
                .doesNotContain("rm -rf /var/cache/broker-tuner\n");
        assertThat(Files.readString(dir.resolve("postrm"))).contains("rm -rf /var/lib/broker-tuner-collector\n")
                .doesNotContain("rm -rf /var/lib/broker-tuner\n");
    }

    @Test
    void launcherAndUnitStartTheSameMainClassWhichTheCollectorJarHasOnceItHasClasses(@TempDir Path dir)
            throws IOException {
        Command.ok("dpkg-deb", "-x", build.collectorDeb().toString(), dir.toString());
        assertThat(dir.resolve("lib/systemd/system/broker-tuner-collector.service"))
                .hasSameBinaryContentAs(build.unit("broker-tuner-collector.service"));
        assertThat(Files.readString(dir.resolve("usr/bin/broker-tuner-collector"))).contains(" " + MAIN + " ");
        assertThat(Files.readString(dir.resolve("lib/systemd/system/broker-tuner-collector.service")))
                .contains("-cp /usr/share/broker-tuner/collector/lib/* " + MAIN + " --config ");
        Path jar;
        try (var s = Files.list(dir.resolve("usr/share/broker-tuner/collector/lib"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("broker-tuner-collector")
                    && p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            boolean hasClasses = zip.stream().anyMatch(e -> e.getName().endsWith(".class"));
            // the collector module is written in parallel; once it has classes, the packaged main class must exist
            if (hasClasses) {
                assertThat(zip.getEntry(MAIN.replace('.', '/') + ".class"))
                        .as(jar.getFileName() + " must contain " + MAIN + " (named in installer/src/common/bin/"
                                + "broker-tuner-collector and systemd/broker-tuner-collector.service)")
                        .isNotNull();
            }
        }
    }
}
