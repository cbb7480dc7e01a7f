package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.broker.IoThreadsRule;
import dev.brokertuner.agent.rules.broker.LogFlushRule;
import dev.brokertuner.agent.rules.host.DiskUtilizationRule;
import dev.brokertuner.agent.rules.host.FsTypeRule;
import dev.brokertuner.agent.rules.host.NicSpeedRule;
import dev.brokertuner.agent.rules.host.NoatimeRule;
import dev.brokertuner.agent.rules.host.NofileRule;
import dev.brokertuner.agent.rules.host.RaidDegradedRule;
import dev.brokertuner.agent.rules.host.RaidLevelRule;
import dev.brokertuner.agent.rules.host.RaidResyncRule;
import dev.brokertuner.agent.rules.host.SysctlValues;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.RaidArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hostile value per rule family, straight into the rule (as if a reader had let it through): the finding's
 * apply lines, run for real in the {@link PlanSandbox}, hand the value to the intended program as one unchanged
 * argument, and nothing else runs.
 */
class HostileRuleLinesTest {
    static final List<String> SHIMS = HostilePlanTest.SHIMS;
    static final String PATH = "/disk1/it's $(touch /tmp/x)\n;id>q";
    static final Thresholds DEFAULTS = Thresholds.defaults();

    @Test
    void filesystemMigrationStepsQuoteTheDataDir(@TempDir Path dir) throws Exception {
        Finding f = only(new FsTypeRule(), Snapshots.host(h -> h.mount("/disk1", "/dev/sdb1", "btrfs", "rw,noatime")
                .dataDir(PATH, "/disk1", null, "sdb")));
        // The migration is a comment block to run by hand: the dir is one quoted word (its newline escaped) in it.
        assertThat(f.apply()).contains("#   rsync -aHXx " + Shell.commentText(Shell.quote(PATH + "/"))
                + " /data/kafka-xfs-1/ && chown -R " + Shell.commentText(Shell.quote("--reference=" + PATH))
                + " /data/kafka-xfs-1");
        assertThat(f.apply()).allMatch(l -> l.startsWith("#")).noneMatch(l -> l.contains("\n"));
        PlanSandbox box = run(dir, f, Map.of("etc/fstab", ""));
        // nothing from the comments runs
        assertThat(box.calls()).isEmpty();
        assertThat(Files.readString(box.file("/etc/fstab"))).isEmpty();
        assertClean(box);
    }

    @Test
    void noatimeLinesQuoteTheMountPoint(@TempDir Path dir) throws Exception {
        String mp = "/data/it's\nid>q";
        Finding f = only(new NoatimeRule(), Snapshots.host(h -> h.mount(mp, "/dev/sdb1", "xfs", "rw,relatime")
                .dataDir(mp + "/kafka", mp, null, "sdb")));
        PlanSandbox box = run(dir, f, Map.of());
        assertThat(box.calls()).extracting(PlanSandbox.Call::argv).containsExactly(
                List.of("findmnt", "--fstab", "--mountpoint", mp), List.of("mount", "-o", "remount,noatime", mp));
        assertClean(box);
    }

    @Test
    void anImpossibleMdNameReachesNoCommand(@TempDir Path dir) throws Exception {
        RaidArray degraded = new RaidArray("md9;id", "raid10", "active", 4, 3, 1, 0, true, null, null,
                List.of("sda", "sdb", "sdc", "sdd"));
        RaidArray scrub = new RaidArray("md9;id", "raid1", "active", 2, 2, 0, 0, false, "check", 10.0,
                List.of("sda", "sdb"));
        RaidArray resync = new RaidArray("md9;id", "raid1", "active", 2, 2, 0, 0, false, "resync", 10.0,
                List.of("sda", "sdb"));
        for (var c : List.of(new Object[] {new RaidDegradedRule(), degraded}, new Object[] {new RaidResyncRule(), scrub},
                new Object[] {new RaidResyncRule(), resync})) {
            Finding f = only((Rule) c[0], Snapshots.host(h -> h.raid((RaidArray) c[1])));
            assertThat(f.apply()).filteredOn(l -> l.contains("md9;id")).allMatch(l -> l.startsWith("# "));
            PlanSandbox box = run(dir.resolve(f.ruleId() + ((RaidArray) c[1]).syncAction()), f, Map.of());
            assertThat(box.calls()).extracting(PlanSandbox.Call::program).containsOnly("cat");
            assertClean(box);
        }
        Finding level = only(new RaidLevelRule(), Snapshots.host(h -> h.raid(new RaidArray("md9;id\nid", "raid5",
                "active", 4, 4, 0, 0, false, null, null, List.of("sda", "sdb", "sdc", "sdd")))
                .mount("/data", "/dev/md9", "xfs", "rw,noatime")
                .dataDir("/data/kafka", "/data", "md9;id\nid", "sda", "sdb", "sdc", "sdd")));
        assertThat(level.apply()).allMatch(l -> l.startsWith("#") && !l.contains("\n"));
    }

    @Test
    void anOddButLegalMdNameIsOneArgument(@TempDir Path dir) throws Exception {
        String md = "md_a!b";
        Finding degraded = only(new RaidDegradedRule(), Snapshots.host(h -> h.raid(new RaidArray(md, "raid10",
                "active", 4, 3, 1, 0, true, null, null, List.of("sda", "sdb", "sdc", "sdd")))));
        PlanSandbox box = run(dir.resolve("d"), degraded, Map.of());
        // the failed member is not named (no failedMembers): its steps are comments, not commands with placeholders
        assertThat(argv(box, "mdadm")).containsExactly(List.of("mdadm", "--detail", "/dev/" + md));
        Finding named = only(new RaidDegradedRule(), Snapshots.host(h -> h.raid(new RaidArray(md, "raid10",
                "active", 4, 3, 1, 0, true, null, null, List.of("sda", "sdb", "sd_c!", "sdd"), List.of("sd_c!")))));
        PlanSandbox boxNamed = run(dir.resolve("dn"), named, Map.of());
        assertThat(argv(boxNamed, "mdadm")).containsExactly(List.of("mdadm", "--detail", "/dev/" + md),
                List.of("mdadm", "/dev/" + md, "--fail", "/dev/sd_c!", "--remove", "/dev/sd_c!"));
        assertThat(named.apply()).noneMatch(l -> !l.startsWith("#") && (l.contains("FAILED") || l.contains("NEW")));
        Finding scrub = only(new RaidResyncRule(), Snapshots.host(h -> h.raid(new RaidArray(md, "raid1", "active",
                2, 2, 0, 0, false, "check", 10.0, List.of("sda", "sdb")))));
        PlanSandbox box2 = run(dir.resolve("s"), scrub, Map.of("sys/block/" + md + "/md/sync_action", "check\n"));
        assertThat(Files.readString(box2.file("/sys/block/" + md + "/md/sync_action"))).isEqualTo("idle\n");
        assertClean(box2);
    }

    @Test
    void nicAndDiskNamesAreOneArgument(@TempDir Path dir) throws Exception {
        Finding nic = only(new NicSpeedRule(), Snapshots.host(h -> h.nic("$(id>q)", 1000L)));
        PlanSandbox box = run(dir.resolve("n"), nic, Map.of());
        assertThat(argv(box, "ethtool")).containsExactly(List.of("ethtool", "$(id>q)"));
        assertClean(box);
        String disk = "sd`id>q`";
        Finding busy = only(new DiskUtilizationRule(), Snapshots.host(h -> h.sampleSeconds(5)
                .disk(new Disk(disk, true, 1L << 40, "mq-deadline", 1e6, 1e6, 0.95))));
        PlanSandbox box2 = run(dir.resolve("d"), busy, Map.of());
        // not a kernel block device name: the rule keeps its finding but names the disk in no command
        assertThat(argv(box2, "iostat")).isEmpty();
        assertClean(box2);
    }

    @Test
    void anInterfaceNamedLikeAnOptionReachesNoCommand(@TempDir Path dir) throws Exception {
        Finding nic = only(new NicSpeedRule(), Snapshots.host(h -> h.nic("-s", 1000L)));
        assertThat(nic.apply()).noneMatch(l -> l.startsWith("ethtool"));
        PlanSandbox box = run(dir, nic, Map.of());
        assertThat(argv(box, "ethtool")).isEmpty();
        assertClean(box);
    }

    @Test
    void nofileLinesKeepTheUserInAComment(@TempDir Path dir) throws Exception {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.process(42, 1024L, 300L, null));
        BrokerFacts broker = s.broker();
        BrokerProcess p = broker.process();
        BrokerFacts hostile = withProcess(broker, new BrokerProcess(p.pid(), "kafka\nid>q", p.heapMaxBytes(),
                p.openFilesLimit(), p.openFiles(), p.mapCount()));
        Finding f = new NofileRule().evaluate(new Snapshot(s.at(), s.host(), hostile, List.of()), DEFAULTS).stream()
                .filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .filter(x -> x.subject().startsWith("broker process")).findFirst().orElseThrow();
        assertThat(f.apply()).anyMatch(l -> l.startsWith("#") && l.contains("kafka\\nid>q - nofile"));
        PlanSandbox box = run(dir, f, Map.of());
        assertThat(Files.readString(box.file("/etc/systemd/system/kafka.service.d/60-nofile.conf")))
                .isEqualTo("[Service]\nLimitNOFILE=100000\n");
        assertThat(argv(box, "systemctl")).containsExactly(List.of("systemctl", "daemon-reload"));
        assertClean(box);
    }

    @Test
    void sysctlLinesTakeOnlyNumbersAndEditJustTheirKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SysctlValues.apply(Snapshots.host(h -> { }).host(), "vm.swappiness", "1; id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SysctlValues.apply(Snapshots.host(h -> { }).host(), "vm.x$(id)", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> lines = SysctlValues.apply(Snapshots.host(h -> { }).host(), "net.ipv4.tcp_rmem",
                "4096 131072 4194304");
        PlanSandbox box = new PlanSandbox(dir, SHIMS, Map.of("etc/sysctl.d/99-broker-tuner.conf",
                "vm.swappiness = 1\nnet.ipv4.tcp_rmem = 4096 87380 6291456\n"));
        String script = String.join("\n", lines) + "\n";
        box.run(script);
        box.run(script);
        assertThat(Files.readString(box.file("/etc/sysctl.d/99-broker-tuner.conf")))
                .isEqualTo("vm.swappiness = 1\nnet.ipv4.tcp_rmem = 4096 131072 4194304\n");
        List<List<String>> once = List.of(List.of("mkdir", "-p", "/etc/sysctl.d"),
                List.of("touch", SysctlValues.DROP_IN),
                List.of("sed", "-i", "/^[[:space:]]*net\\.ipv4\\.tcp_rmem[[:space:]]*=/d", SysctlValues.DROP_IN),
                List.of("sysctl", "-w", "net.ipv4.tcp_rmem=4096 131072 4194304"));
        assertThat(box.calls()).extracting(PlanSandbox.Call::argv)
                .containsExactlyElementsOf(Stream.concat(once.stream(), once.stream()).toList());
    }

    @Test
    void brokerConfigLinesQuoteTheBootstrapAndPlaceholders(@TempDir Path dir) throws Exception {
        Snapshot s = Snapshots.hostAndBroker(h -> h.cpus(8), b -> b.config("num.io.threads", "1").ioIdle(0.12));
        String bootstrap = "kafka-1:9092;id>q";
        BrokerFacts hostile = withBootstrap(s.broker(), bootstrap, null);
        Finding io = only(new IoThreadsRule(), new Snapshot(s.at(), s.host(), hostile, List.of()));
        PlanSandbox box = run(dir.resolve("io"), io, Map.of());
        // only the step on this broker runs; the consolidation (cluster default, per-broker override removed) is
        // a comment block, its commands with the bootstrap as one quoted word
        assertThat(argv(box, "kafka-configs.sh")).containsExactly(List.of("kafka-configs.sh",
                "--bootstrap-server", bootstrap, "--entity-type", "brokers", "--entity-name", "<node.id>", "--alter",
                "--add-config", "num.io.threads=2"));
        assertThat(io.apply()).contains("#   kafka-configs.sh --bootstrap-server " + Shell.quote(bootstrap)
                + " --entity-type brokers --entity-default --alter --add-config num.io.threads=2",
                "#   kafka-configs.sh --bootstrap-server " + Shell.quote(bootstrap)
                + " --entity-type brokers --entity-name '<node.id>' --alter --delete-config num.io.threads");
        assertClean(box);
        Snapshot flush = Snapshots.hostAndBroker(h -> { }, b -> b.dynamicConfig("log.flush.interval.ms", "1000",
                "DYNAMIC_BROKER_CONFIG"));
        Finding f = new LogFlushRule().evaluate(new Snapshot(flush.at(), flush.host(),
                withBootstrap(flush.broker(), bootstrap, 1), List.of()), DEFAULTS).stream()
                .filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding()).findFirst()
                .orElseThrow();
        PlanSandbox box2 = run(dir.resolve("flush"), f, Map.of());
        assertThat(argv(box2, "kafka-configs.sh")).containsExactly(List.of("kafka-configs.sh", "--bootstrap-server",
                bootstrap, "--entity-type", "brokers", "--entity-name", "1", "--alter", "--delete-config",
                "log.flush.interval.ms"));
        assertClean(box2);
    }

    private static Finding only(Rule rule, Snapshot s) {
        List<Finding> findings = rule.evaluate(s, DEFAULTS).stream().filter(o -> o instanceof Outcome.Recommend)
                .map(o -> ((Outcome.Recommend) o).finding()).toList();
        assertThat(findings).as(rule.id()).hasSize(1);
        return findings.get(0);
    }

    private static PlanSandbox run(Path dir, Finding f, Map<String, String> files) throws Exception {
        Files.createDirectories(dir);
        String script = String.join("\n", f.apply()) + "\n";
        PlanSandbox.syntaxCheck(dir, script);
        PlanSandbox box = new PlanSandbox(dir, SHIMS, files);
        box.run(script);
        return box;
    }

    private static List<List<String>> argv(PlanSandbox box, String program) throws Exception {
        return box.calls().stream().filter(c -> c.program().equals(program)).map(PlanSandbox.Call::argv).toList();
    }

    /** No injected program ran and no marker file appeared. */
    private static void assertClean(PlanSandbox box) throws Exception {
        assertThat(box.calls()).extracting(PlanSandbox.Call::program).doesNotContain("id", "touch");
        assertThat(box.file("/tmp/x")).doesNotExist();
        assertThat(box.file("/work/q")).doesNotExist();
        try (Stream<Path> tmp = Files.list(box.file("/tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    private static BrokerFacts withProcess(BrokerFacts b, BrokerProcess p) {
        return new BrokerFacts(b.status(), b.reason(), b.unreachableSince(), p, b.nodeId(), b.processRoles(),
                b.clusterId(), b.kafkaVersion(), b.jmx(), b.bootstrap(), b.listeners(), b.readMillis(), b.metrics(),
                b.configs(), b.logDirs(), b.peers(), b.controllerId(), b.topicCount(), b.topicPartitionCount());
    }

    private static BrokerFacts withBootstrap(BrokerFacts b, String bootstrap, Integer nodeId) {
        return new BrokerFacts(b.status(), b.reason(), b.unreachableSince(), b.process(), nodeId, b.processRoles(),
                b.clusterId(), b.kafkaVersion(), b.jmx(), bootstrap, b.listeners(), b.readMillis(), b.metrics(),
                b.configs(), b.logDirs(), b.peers(), b.controllerId(), b.topicCount(), b.topicPartitionCount());
    }
}
