package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Evaluation;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every scenario captured from real machines in {@code ../shared/fixtures/hosts}: the facts its NOTES.md lists, and
 * the findings a Kafka operator would want from that host. Broker side off, no sampling.
 */
class SharedHostsGoldenTest {
    private static final long GIB = 1024L * 1024 * 1024;

    record Result(HostFacts host, List<Problem> problems, List<Finding> findings) {
        List<String> ruleIds() {
            return findings.stream().map(f -> f.ruleId() + " " + f.severity().name().toLowerCase() + " " + f.subject())
                    .toList();
        }

        Finding finding(String ruleId) {
            return findings.stream().filter(f -> f.ruleId().equals(ruleId)).findFirst().orElseThrow(
                    () -> new AssertionError("no finding " + ruleId + " in " + ruleIds()));
        }
    }

    static Result inspect(Path root, String... logDirs) {
        Gathered<HostFacts> g = new LinuxHostGatherer(HostFixtures.paths(root), DiskSpace.none(), w -> 0)
                .gather(List.of(logDirs), 0);
        Evaluation e = new RuleEngine(RuleCatalog.builtIn().rules())
                .evaluate(new Snapshot(g.value(), BrokerFacts.notFound("broker side off in this test")));
        return new Result(g.value(), g.problems(), e.findings());
    }

    @Test
    void raid10XfsNoatimeTuned() {
        Result r = inspect(HostFixtures.shared("raid10-xfs-noatime-tuned"), "/var/lib/kafka/data");
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(8);
        assertThat(h.memoryBytes()).isEqualTo(30601816L * 1024);
        assertThat(h.mounts()).containsExactly(new Mount("/", "/dev/nvme0n1p1", "xfs", List.of("rw", "noatime"), true));
        assertThat(h.dataDirs()).containsExactly(new DataDir("/var/lib/kafka/data", "/", "xfs", true,
                List.of("nvme0n1"), null, null, null));
        assertThat(h.raid()).extracting(RaidArray::name, RaidArray::level, RaidArray::raidDisks,
                        RaidArray::workingDisks, RaidArray::degraded, RaidArray::syncAction, RaidArray::syncProgress)
                .containsExactly(tuple("md2", "raid10", 12, 12, false, "check", 94.3),
                        tuple("md1", "raid1", 2, 2, false, null, null),
                        tuple("md0", "raid1", 2, 2, false, null, null));
        assertThat(h.raid().get(0).members()).hasSize(12);
        assertThat(h.disks()).hasSize(15);
        assertThat(h.disk("nvme0n1").orElseThrow()).isEqualTo(
                new Disk("nvme0n1", false, 2000409264L * 512, null, null, null, null));
        assertThat(h.disk("sdc").orElseThrow().rotational()).isTrue();
        assertThat(h.disk("sdc").orElseThrow().scheduler()).isEqualTo("bfq");
        assertThat(h.nics()).containsExactly(new Nic("ens1f0np0", 25000L, "full", 9000, "up", List.of(), null, null,
                null));
        assertThat(h.sysctl()).containsEntry("net.core.rmem_max", "16777216")
                .containsEntry("net.ipv4.tcp_rmem", "4096 87380 16777216").containsEntry("vm.swappiness", "1")
                .containsEntry("vm.max_map_count", "262144").containsEntry("vm.dirty_ratio", "60")
                .containsEntry("vm.dirty_background_ratio", "5").containsEntry("fs.file-max", "9223372036854775807");
        // A tuned host: only the scrub is worth a note, and no md array is under the data dir.
        assertThat(r.ruleIds()).containsExactly("host.raid.resync info md2");
    }

    @Test
    void ext4RelatimeLvmHdd() {
        Result r = inspect(HostFixtures.shared("ext4-relatime-lvm-hdd"));
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(24);
        assertThat(h.memoryBytes()).isEqualTo(65921280L * 1024);
        assertThat(h.mounts()).extracting(Mount::mountPoint).startsWith("/", "/home", "/tmp", "/var", "/boot",
                "/boot/efi");
        assertThat(h.mounts()).hasSize(8).noneMatch(Mount::noatime);
        // With no data dirs, the writable disk-backed mounts outside boot and container areas are assessed.
        assertThat(h.dataDirs()).extracting(DataDir::path).containsExactly("/", "/home", "/tmp", "/var");
        assertThat(h.dataDirs()).allMatch(d -> d.fsType().equals("ext4") && !d.noatime());
        assertThat(h.raid()).isEmpty();
        assertThat(h.disk("sda").orElseThrow().sizeBytes()).isEqualTo(975699968L * 512);
        assertThat(h.disk("dm-0").orElseThrow().sizeBytes()).isEqualTo(67108864L * 512);
        assertThat(h.disks()).extracting(Disk::name).doesNotContain("zram0");
        assertThat(h.nics()).extracting(Nic::name, Nic::speedMbps)
                .containsExactly(tuple("docker0", null), tuple("eth0", 1000L), tuple("vethf345468", null));
        // SwapTotal 0 kB: swappiness has no effect, so it passes; without broker facts max_map_count is only info.
        assertThat(h.swapTotalBytes()).isZero();
        // Assessed mounts are not known to hold Kafka data: their atime is not judged without --log-dirs.
        assertThat(r.ruleIds()).contains("host.fs.type info data dirs on ext4",
                        "host.vm.max-map-count info vm.max_map_count")
                .noneMatch(s -> s.startsWith("host.vm.swappiness") || s.startsWith("host.fs.noatime"));
        // Assessed ext4 mounts (no log.dirs given): one info for the host, listing them, and no migration commands.
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("host.fs.type")).singleElement().satisfies(f -> {
            assertThat(f.evidence()).containsEntry("dataDirs", "/, /home, /tmp, /var");
            assertThat(String.join("\n", f.apply())).doesNotContain("rsync", "mkfs.xfs -L", "/etc/fstab");
        });
        assertThat(r.finding("host.nic.speed").severity()).isEqualTo(Severity.WARNING);
        assertThat(r.finding("host.nic.speed").current()).isEqualTo("1 Gb/s");
    }

    @Test
    void raid5VmXfsRelatime() {
        Result r = inspect(HostFixtures.shared("raid5-vm-xfs-relatime"), "/var/lib/kafka");
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(2);
        assertThat(h.memoryBytes()).isEqualTo(2007536L * 1024);
        assertThat(h.swapTotalBytes()).isEqualTo(2007036L * 1024);
        assertThat(h.mounts()).extracting(Mount::mountPoint, Mount::fsType, Mount::noatime)
                .containsExactly(tuple("/", "xfs", false), tuple("/boot", "xfs", false));
        assertThat(h.raid()).extracting(RaidArray::name, RaidArray::level, RaidArray::raidDisks, RaidArray::degraded)
                .containsExactly(tuple("md1", "raid1", 2, false), tuple("md2", "raid1", 2, false),
                        tuple("md3", "raid5", 10, false), tuple("md0", "raid1", 2, false));
        assertThat(h.nics()).containsExactly(new Nic("eth0", 100L, null, null, null, List.of(), null, null, null),
                new Nic("eth1", null, null, null, null, List.of(), null, null, null));
        assertThat(h.disk("vda").orElseThrow().sizeBytes()).isEqualTo(41943040L * 512);
        // RAID5 is not under the data dir (no md device is mounted): no RAID level finding, but relatime is.
        assertThat(r.ruleIds()).contains("host.fs.noatime info mount / (/var/lib/kafka)")
                .noneMatch(s -> s.startsWith("host.raid") || s.startsWith("host.nic.speed"));
        // eth1's speed is unknown beside eth0's 100 Mb/s, no listener placed: the fastest link is not known
    }

    @Test
    void raid5RecoveringS390x() {
        Result r = inspect(HostFixtures.shared("raid5-recovering-s390x"), "/kafka");
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(8);
        assertThat(h.memoryBytes()).isEqualTo(112832212L * 1024);
        assertThat(h.mounts()).containsExactly(new Mount("/", "/dev/mapper/mpathb1", "xfs",
                List.of("rw", "seclabel", "relatime", "attr2", "inode64", "logbufs=8", "logbsize=32k", "noquota"),
                false));
        RaidArray md127 = h.raid().get(0);
        assertThat(md127).isEqualTo(new RaidArray("md127", "raid5", "active", 6, 5, 0, 0, true, "recovery", 12.6,
                List.of("sdh1", "sdg1", "sdf1", "sde1", "sdd1", "sdc1"), List.of()));
        assertThat(h.disks()).hasSize(19).allMatch(d -> Boolean.FALSE.equals(d.rotational()));
        assertThat(h.nics()).extracting(Nic::name, Nic::speedMbps, Nic::mtu, Nic::operstate, Nic::brokerListeners)
                .containsExactly(tuple("enp162s0f0np0", null, 1500, "down", List.of()));
        // Degraded and rebuilding, but not under the data dir: a warning, not critical; reported once, by
        // host.raid.degraded (host.raid.resync leaves a degraded array's recovery to it).
        assertThat(r.finding("host.raid.degraded").severity()).isEqualTo(Severity.WARNING);
        assertThat(r.ruleIds()).noneMatch(id -> id.startsWith("host.raid.resync"));
        // A degraded array recovering at speed=33440K/sec: no throttling and no member replacement, let it finish.
        assertThat(r.finding("host.raid.degraded").apply()).noneMatch(l -> l.contains("speed_limit")
                || l.contains("sync_speed_max"));
        assertThat(r.finding("host.raid.degraded").recommended()).isEqualTo("recovery in progress: let it finish");
        assertThat(r.finding("host.raid.degraded").apply()).noneMatch(l -> l.contains("--fail")
                || l.contains("--add"));
        assertThat(r.ruleIds()).contains("host.fs.noatime info mount / (/kafka)");
    }

    @Test
    void btrfsLuksNvme() {
        Result r = inspect(HostFixtures.shared("btrfs-luks-nvme"), "/var/lib/kafka");
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(16);
        assertThat(h.memoryBytes()).isEqualTo(32542668L * 1024);
        assertThat(h.mounts()).hasSize(18);
        DataDir d = h.dataDirs().get(0);
        assertThat(d.mountPoint()).isEqualTo("/");
        assertThat(d.fsType()).isEqualTo("btrfs");
        assertThat(d.devices()).containsExactly("dm-0");
        assertThat(h.raid()).isEmpty();
        assertThat(r.problems()).extracting(Problem::source).doesNotContain("procfs:mdstat");
        assertThat(r.finding("host.fs.type").severity()).isEqualTo(Severity.WARNING);
        assertThat(r.finding("host.fs.type").current()).contains("btrfs");
        assertThat(r.ruleIds()).contains("host.fs.noatime info mount / (/var/lib/kafka)");
    }

    @Test
    void jbodNvmeExt4Bond() {
        Result r = inspect(HostFixtures.shared("jbod-nvme-ext4-bond"), "/host/media/volume1/kafka",
                "/host/media/volume2/kafka");
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(8);
        assertThat(h.memoryBytes()).isEqualTo(3742148L * 1024);
        assertThat(h.mounts()).filteredOn(m -> m.mountPoint().startsWith("/host")).hasSize(3);
        assertThat(h.dataDirs()).extracting(DataDir::mountPoint, DataDir::devices).containsExactly(
                tuple("/host/media/volume1", List.of("nvme1n1")), tuple("/host/media/volume2", List.of("nvme1n2")));
        assertThat(h.nics()).extracting(Nic::name, Nic::speedMbps, Nic::bondMembers).containsExactly(
                tuple("bond0", null, List.of()), tuple("dmz", 1000L, List.of("eth0", "eth4")),
                tuple("eth0", 1000L, List.of()), tuple("int", 1000L, List.of("eth5", "eth1")));
        assertThat(h.sysctl()).containsEntry("fs.file-max", "6815744");
        assertThat(r.ruleIds()).contains(
                "host.fs.noatime info mount /host/media/volume1 (/host/media/volume1/kafka)",
                "host.fs.noatime info mount /host/media/volume2 (/host/media/volume2/kafka)");
        // No listener placed and bond0's speed unknown (-1): the fastest up link is not known, so the 1 Gb/s bonds
        // are not warned about
        assertThat(r.ruleIds()).noneMatch(id -> id.startsWith("host.nic.speed"));
        // Both ext4 JBOD dirs: one info for the host naming them, not a migration script per disk.
        assertThat(r.findings()).filteredOn(f -> f.ruleId().equals("host.fs.type")).singleElement().satisfies(f -> {
            assertThat(f.subject()).isEqualTo("data dirs on ext4");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.evidence()).containsEntry("dataDirs", "/host/media/volume1/kafka, /host/media/volume2/kafka")
                    .containsEntry("devices", "/dev/nvme1n1, /dev/nvme1n2");
            assertThat(f.apply()).noneMatch(l -> l.contains("rsync") || l.contains("mkfs.xfs -L"));
        });
    }

    @Test
    void nfsDataDir() {
        Result r = inspect(HostFixtures.shared("nfs-data-dir"), "/mnt/nfs/test/kafka");
        HostFacts h = r.host();
        assertThat(h.mounts()).extracting(Mount::mountPoint, Mount::fsType).containsExactly(
                tuple("/", "ext4"), tuple("/mnt/nfs/test", "nfs4"), tuple("/mnt/nfs/test", "nfs4"),
                tuple("/mnt/nfs/test", "nfs"), tuple("/var/lib/containers/storage/overlay", "xfs"));
        assertThat(h.dataDirs().get(0).fsType()).isEqualTo("nfs");
        assertThat(h.dataDirs().get(0).devices()).isEmpty();
        assertThat(h.disk("sda").orElseThrow().sizeBytes()).isEqualTo(3750748848L * 512);
        assertThat(h.disk("dm-1").orElseThrow().sizeBytes()).isEqualTo(104857600L * 512);
        assertThat(h.disk("dm-0").orElseThrow().sizeBytes()).isNull();
        assertThat(r.finding("host.fs.type").severity()).isEqualTo(Severity.CRITICAL);
        // host.fs.type covers the NFS mount; no fstab advice for it from host.fs.noatime.
        assertThat(r.ruleIds()).noneMatch(id -> id.startsWith("host.fs.noatime"));
    }

    @Test
    void containerOverlay() {
        Result r = inspect(HostFixtures.shared("container-overlay"));
        HostFacts h = r.host();
        assertThat(h.cpus()).isEqualTo(1);
        assertThat(h.memoryBytes()).isEqualTo(1888980L * 1024);
        assertThat(h.mounts()).extracting(Mount::mountPoint).containsExactly("/", "/etc/resolv.conf",
                "/etc/hostname", "/etc/hosts");
        assertThat(h.dataDirs()).extracting(DataDir::path, DataDir::fsType).containsExactly(tuple("/", "overlay"));
        assertThat(h.nics()).isEmpty();
        assertThat(h.sysctl()).doesNotContainKey("net.core.rmem_max").containsEntry("vm.swappiness", "60");
        assertThat(r.problems()).extracting(Problem::source).contains("procfs:sys/net/core/rmem_max");
        // log.dirs unknown: / is only assessed as if it held data, so at most INFO (a container's own overlay root
        // is not a broker's data dir)
        assertThat(r.finding("host.fs.type").severity()).isEqualTo(Severity.INFO);
        assertThat(r.finding("host.fs.type").rationale()).contains("assessed as if it held Kafka data");
        assertThat(r.finding("host.fs.type").apply()).noneMatch(l -> l.contains("rsync"));
        // The container's writable layer is lost with the container, not "a network or memory" problem.
        assertThat(r.finding("host.fs.type").rationale()).contains("writable layer", "re-replicate",
                "persistent volume").doesNotContain("network or memory behind it");
        assertThat(r.ruleIds()).noneMatch(id -> id.startsWith("host.fs.noatime"));
    }

    @Test
    void mdParserZoo() {
        Result r = inspect(HostFixtures.shared("md-parser-zoo"));
        HostFacts h = r.host();
        // 18 arrays from mdstat; sysfs adds md1 and md5, which mdstat does not list.
        assertThat(h.raid()).hasSize(20);
        assertThat(h.raid()).extracting(RaidArray::name).endsWith("md1", "md5");
        assertThat(h.raid()).filteredOn(RaidArray::degraded).extracting(RaidArray::name)
                .containsExactly("md6", "md7", "md42", "md5");
        assertThat(h.mounts()).isEmpty();
        assertThat(h.sysctl()).isEmpty();
        assertThat(r.problems()).extracting(Problem::source).contains("procfs:mounts", "procfs:cpuinfo",
                "procfs:sys/vm/swappiness");
        assertThat(r.finding("host.raid.degraded").severity()).isEqualTo(Severity.WARNING);
    }
}
