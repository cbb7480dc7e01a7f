package dev.brokertuner.agent.security;

import static dev.brokertuner.agent.security.HostileTree.HOSTNAME;
import static dev.brokertuner.agent.security.HostileTree.LOG_DIR;
import static dev.brokertuner.agent.security.HostileTree.MD;
import static dev.brokertuner.agent.security.HostileTree.NEWLINE_MOUNT;
import static dev.brokertuner.agent.security.HostileTree.NIC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.ApplyText;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The combined apply plan ({@link ApplyText}, what {@code /v1/apply} serves) over the hostile-names tree: it parses
 * ({@code bash -n}), and run for real in a sandbox ({@link PlanSandbox}) it calls exactly the intended programs with
 * the hostile values as single, unchanged arguments, creates no injection marker, and a second run changes no file.
 */
class HostilePlanTest {
    static final List<String> SHIMS = List.of("mkfs.xfs", "mount", "umount", "rsync", "chown", "sysctl", "mdadm",
            "ethtool", "findmnt", "systemctl", "kafka-configs.sh", "kafka-log-dirs.sh", "kafka-reassign-partitions.sh",
            "cat", "iostat", "sar", "id", "touch", "rm");
    static final String FSTAB = "/dev/nvme0n1p2 / xfs defaults 0 1\n";

    static Report report;
    static String plan;

    @BeforeAll
    static void inspect() {
        report = HostileTree.inspect();
        plan = ApplyText.render(report);
    }

    @Test
    void everyRuleWithApplyLinesFiresOnAHostileValue() {
        assertThat(report.findings()).extracting(Finding::ruleId, Finding::subject).contains(
                org.assertj.core.api.Assertions.tuple("host.fs.type", LOG_DIR + " (mount /host)"),
                org.assertj.core.api.Assertions.tuple("host.fs.noatime", "mount " + NEWLINE_MOUNT + " ("
                        + HostileTree.NEWLINE_DIR + ")"),
                org.assertj.core.api.Assertions.tuple("host.nic.speed", "nic " + NIC),
                org.assertj.core.api.Assertions.tuple("host.raid.degraded", "md127 (/raid/kafka)"),
                org.assertj.core.api.Assertions.tuple("host.raid.resync", "md126"),
                org.assertj.core.api.Assertions.tuple("host.nofile", "fs.file-max"),
                org.assertj.core.api.Assertions.tuple("host.vm.max-map-count", "vm.max_map_count"));
        assertThat(report.host().hostname()).isEqualTo(HOSTNAME);
        assertThat(report.host().mounts()).extracting(m -> m.mountPoint()).contains(NEWLINE_MOUNT);
    }

    @Test
    void anImpossibleMdNameIsRefusedWithAProblemNotQuoted() {
        assertThat(report.host().raid()).extracting(RaidArray::name).containsExactly("md126", "md127");
        assertThat(report.host().disks()).extracting(d -> d.name()).doesNotContain(MD);
        assertThat(report.problems()).filteredOn(p -> p.message().contains("'md9;id' refused")).singleElement()
                .satisfies(p -> assertThat(p.source()).contains("procfs:mdstat"));
        assertThat(plan).doesNotContain(MD);
    }

    @Test
    void readValuesOnlyInQuotedWordsAndSanitizedComments() {
        assertThat(plan).startsWith("# broker-tuner apply plan for kafka-evil\\ntouch /tmp/pwned-host, report ");
        assertThat(plan).contains("ethtool '$(id>q)'", "mount -o remount,noatime '/data/x\ntouch /tmp/pwned'\n");
        // The data dir migration is a comment block to run by hand: the hostile dir is one quoted word in it.
        assertThat(plan).contains("\n#   rsync -aHXx '/host/kafka$(touch /tmp/x)/' /data/kafka-xfs-1/ && "
                + "chown -R '--reference=/host/kafka$(touch /tmp/x)' /data/kafka-xfs-1\n");
        assertThat(plan.lines()).filteredOn(l -> l.contains("NEWDEV") || l.contains("kafka-xfs-1"))
                .isNotEmpty().allMatch(l -> l.startsWith("#"));
        assertThat(plan.lines()).filteredOn(l -> l.contains("pwned-host")).allMatch(l -> l.startsWith("#")
                || l.startsWith("printf '%s\\n' '# written by broker-tuner for kafka-evil\\ntouch /tmp/pwned-host"));
    }

    @Test
    void planParses(@TempDir Path dir) throws Exception {
        PlanSandbox.syntaxCheck(dir, plan);
    }

    @Test
    void planRunsOnlyTheIntendedCommandsAndTwiceChangesNothingMore(@TempDir Path dir) throws Exception {
        // touch is a shim (it would mark an injection), so the drop-in exists already, empty, as touch leaves it
        PlanSandbox box = new PlanSandbox(dir, SHIMS, Map.of("etc/fstab", FSTAB,
                "sys/block/md126/md/sync_action", "check\n", "etc/sysctl.d/99-broker-tuner.conf", ""));
        box.run(plan);
        List<List<String>> expected = List.of(
                List.of("mkdir", "-p", "/etc/sysctl.d"),
                List.of("touch", "/etc/sysctl.d/99-broker-tuner.conf"),
                List.of("sed", "-i", "/^[[:space:]]*fs\\.file-max[[:space:]]*=/d", "/etc/sysctl.d/99-broker-tuner.conf"),
                List.of("mkdir", "-p", "/etc/sysctl.d"),
                List.of("touch", "/etc/sysctl.d/99-broker-tuner.conf"),
                List.of("sed", "-i", "/^[[:space:]]*vm\\.max_map_count[[:space:]]*=/d",
                        "/etc/sysctl.d/99-broker-tuner.conf"),
                List.of("sysctl", "-p", "/etc/sysctl.d/99-broker-tuner.conf"),
                List.of("sysctl", "-n", "fs.file-max", "vm.max_map_count"),
                List.of("findmnt", "--fstab", "--mountpoint", NEWLINE_MOUNT),
                List.of("mount", "-o", "remount,noatime", NEWLINE_MOUNT),
                List.of("mdadm", "--detail", "/dev/md127"),
                List.of("cat", "/proc/mdstat"),
                // the member mdstat marks (F), named as read; the replacement disk is the operator's: a comment
                List.of("mdadm", "/dev/md127", "--fail", "/dev/sdc", "--remove", "/dev/sdc"),
                List.of("cat", "/proc/mdstat"),
                List.of("ethtool", NIC));
        assertThat(box.calls()).extracting(PlanSandbox.Call::argv).containsExactlyElementsOf(expected);
        String dropIn = Files.readString(box.file("/etc/sysctl.d/99-broker-tuner.conf"));
        assertThat(dropIn).isEqualTo("fs.file-max = 1000000\nvm.max_map_count = 262144\n");
        // the commented migration runs nothing: no fstab line, no new mount point
        assertThat(Files.readString(box.file("/etc/fstab"))).isEqualTo(FSTAB);
        assertThat(Files.readString(box.file("/sys/block/md126/md/sync_action"))).isEqualTo("idle\n");
        assertThat(box.file("/data/kafka-xfs-1")).doesNotExist();
        assertNoMarkers(box);

        box.run(plan);
        assertThat(box.calls()).extracting(PlanSandbox.Call::argv)
                .containsExactlyElementsOf(Stream.concat(expected.stream(), expected.stream()).toList());
        assertThat(Files.readString(box.file("/etc/fstab"))).isEqualTo(FSTAB);
        assertThat(Files.readString(box.file("/etc/sysctl.d/99-broker-tuner.conf"))).isEqualTo(dropIn);
        assertNoMarkers(box);
    }

    /** The quoting is POSIX: {@code /bin/sh} (dash on Debian) runs the same commands with the same arguments. */
    @Test
    void posixShRunsTheSameCommands(@TempDir Path dir) throws Exception {
        PlanSandbox bash = new PlanSandbox(dir.resolve("bash"), SHIMS, Map.of("etc/fstab", FSTAB,
                "sys/block/md126/md/sync_action", "check\n"));
        bash.run(plan);
        PlanSandbox sh = new PlanSandbox(dir.resolve("sh"), SHIMS, Map.of("etc/fstab", FSTAB,
                "sys/block/md126/md/sync_action", "check\n"));
        sh.run(plan, "/bin/sh");
        assertThat(sh.calls()).isNotEmpty().isEqualTo(bash.calls());
        assertThat(Files.readString(sh.file("/etc/fstab"))).isEqualTo(FSTAB);
        assertNoMarkers(sh);
    }

    /** The sandbox does catch a line built the old way: the same values concatenated raw run their commands. */
    @Test
    void theSandboxCatchesARawLine(@TempDir Path dir) throws Exception {
        PlanSandbox box = new PlanSandbox(dir, SHIMS, Map.of());
        box.run("ethtool " + NIC + "\n# host " + HOSTNAME + "\nrsync -a " + LOG_DIR + "/ /data/\n");
        assertThat(box.calls()).extracting(PlanSandbox.Call::program).contains("id", "touch");
        assertThat(box.file("/work/q")).exists();
    }

    private static void assertNoMarkers(PlanSandbox box) throws Exception {
        for (String marker : List.of("/tmp/x", "/tmp/pwned", "/tmp/pwned-host", "/work/q", "/q")) {
            assertThat(box.file(marker)).as(marker).doesNotExist();
        }
        try (Stream<Path> tmp = Files.list(box.file("/tmp"))) {
            assertThat(tmp).isEmpty();
        }
        try (Stream<Path> work = Files.list(box.file("/work"))) {
            assertThat(work).isEmpty();
        }
    }
}
