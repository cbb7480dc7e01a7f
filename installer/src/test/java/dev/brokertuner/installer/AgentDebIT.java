package dev.brokertuner.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code broker-tuner-agent} .deb via {@code dpkg-deb}: control fields, payload, conffiles, scripts. */
class AgentDebIT {
    private final Build build = Build.current();
    private final DebPackage deb = DebPackage.of(build.agentDeb());

    @Test
    void controlFieldsFollowDebianConventions() {
        Map<String, String> f = deb.fields();
        assertThat(f).containsEntry("Package", "broker-tuner-agent").containsEntry("Version", build.version())
                .containsEntry("Architecture", "all").containsEntry("Section", "admin")
                .containsEntry("Priority", "optional")
                .containsEntry("Depends", "openjdk-17-jre-headless | java17-runtime-headless, adduser")
                .containsKeys("Maintainer", "Installed-Size");
        assertThat(f.get("Description")).startsWith("Kafka broker host tuning agent\n");
    }

    @Test
    void shipsLauncherConfigUnitDocsAndManPageAsRootOwnedNonWritableFiles() {
        List<DebPackage.Entry> entries = deb.entries();
        assertThat(entries).extracting(e -> "/" + e.path()).contains("/usr/bin/broker-tuner",
                "/etc/broker-tuner/agent.yaml", "/etc/default/broker-tuner-agent",
                "/lib/systemd/system/broker-tuner-agent.service", "/usr/share/doc/broker-tuner-agent/copyright",
                "/usr/share/doc/broker-tuner-agent/changelog.gz",
                "/usr/share/doc/broker-tuner-agent/examples/read-broker-maps.conf",
                "/usr/share/man/man1/broker-tuner.1.gz");
        assertThat(deb.entry("/usr/bin/broker-tuner")).get().extracting(DebPackage.Entry::mode).isEqualTo("-rwxr-xr-x");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.owner()).as(e.path()).isEqualTo("root/root");
            assertThat(e.mode()).as(e.path()).matches(e.isDirectory() ? "drwxr-xr-x" : "-rw(x|-)r-(x|-)r-(x|-)");
        });
        assertThat(entries).as("every entry carries project.build.outputTimestamp (reproducible)")
                .extracting(DebPackage.Entry::date).containsOnly(entries.get(0).date());
    }

    @Test
    void shipsExactlyTheAgentJarAndItsRuntimeDependencies() throws IOException {
        Set<String> expected = new TreeSet<>();
        expected.add("broker-tuner-agent.jar");
        try (Stream<Path> lib = Files.list(build.agentTarget().resolve("lib"))) {
            lib.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).forEach(expected::add);
        }
        Set<String> shipped = deb.entries().stream().map(DebPackage.Entry::path)
                .filter(p -> p.startsWith("usr/share/broker-tuner/lib/") && p.endsWith(".jar"))
                .map(p -> p.substring("usr/share/broker-tuner/lib/".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(shipped).isEqualTo(expected).contains("picocli-4.7.7.jar");
    }

    @Test
    void configFilesAreConffiles() {
        assertThat(deb.controlMember("conffiles").orElseThrow().lines().toList())
                .containsExactlyInAnyOrder("/etc/broker-tuner/agent.yaml", "/etc/default/broker-tuner-agent");
    }

    @Test
    void maintainerScriptsAreValidShellAndDoWhatDhInstallsystemdDoes(@TempDir Path dir) throws IOException {
        String postinst = script("postinst", dir);
        assertThat(postinst).contains("adduser --quiet --system --group", "--shell /usr/sbin/nologin",
                "deb-systemd-helper enable", "deb-systemd-helper update-state", "if [ -d /run/systemd/system ]",
                "deb-systemd-invoke $_dh_action", "chmod 0750 \"$BT_STATE\"");
        assertThat(script("prerm", dir)).contains("deb-systemd-invoke stop 'broker-tuner-agent.service'");
        assertThat(script("postrm", dir)).contains("deb-systemd-helper purge 'broker-tuner-agent.service'",
                "rm -rf /var/lib/broker-tuner").doesNotContain("deluser", "userdel");
        assertThat(Command.ok("sh", "-c", "dpkg-deb --ctrl-tarfile '" + build.agentDeb() + "' | tar -tvf -").lines())
                .filteredOn(l -> l.matches(".*\\./(postinst|prerm|postrm)$")).hasSize(3)
                .allSatisfy(l -> assertThat(l).startsWith("-rwxr-xr-x"));
    }

    @Test
    void payloadUnitIsTheRepositoryUnitAndChangelogNamesThisVersion(@TempDir Path dir) throws IOException {
        Command.ok("dpkg-deb", "-x", build.agentDeb().toString(), dir.toString());
        assertThat(dir.resolve("lib/systemd/system/broker-tuner-agent.service"))
                .hasSameBinaryContentAs(build.unit("broker-tuner-agent.service"));
        assertThat(dir.resolve("usr/bin/broker-tuner"))
                .hasSameBinaryContentAs(build.repo().resolve("bin/broker-tuner"));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                dir.resolve("usr/share/doc/broker-tuner-agent/changelog.gz")))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst())
                    .hasValue("broker-tuner (" + build.version() + ") unstable; urgency=medium");
        }
    }

    private String script(String name, Path dir) throws IOException {
        String text = deb.controlMember(name).orElseThrow(() -> new AssertionError("no " + name));
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Command.ok("sh", "-n", f.toString());
        assertThat(text).startsWith("#!/bin/sh\n").contains("\nset -e\n");
        return text;
    }
}
