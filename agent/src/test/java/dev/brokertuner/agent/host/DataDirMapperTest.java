package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.RaidArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirMapperTest {
    private static Mount mount(String mp, String dev, String fs, String... opts) {
        return new Mount(mp, dev, fs, List.of(opts), List.of(opts).contains("noatime"));
    }

    private static BlockDevice disk(String name, String... partitions) {
        return new BlockDevice(name, 1L << 40, false, "none", List.of(partitions), List.of(), null);
    }

    private final List<BlockDevice> devices = List.of(disk("sda", "sda1", "sda2"), disk("sdb"), disk("sdc"),
            disk("nvme0n1", "nvme0n1p1"),
            new BlockDevice("dm-0", 1L << 40, false, null, List.of(), List.of("sdb"), "vg-kafka"),
            new BlockDevice("md0", 1L << 40, false, null, List.of(), List.of(), null));
    private final List<RaidArray> raid = List.of(
            new RaidArray("md0", "raid10", "active", 2, 2, 0, 0, false, null, null, List.of("sdc1", "sdd1")));

    private DataDirMapper mapper(List<Mount> mounts) {
        return new DataDirMapper(mounts, new DeviceResolver(devices, raid), DiskSpace.none());
    }

    @Test
    void longestPrefixOnPathBoundaries() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw", "relatime"),
                mount("/data", "/dev/nvme0n1p1", "xfs", "rw", "noatime"),
                mount("/data2", "/dev/sda2", "xfs", "rw")));
        List<DataDir> dirs = m.map(List.of("/data/kafka-1/", "/data2/kafka", "/database/kafka"));
        assertThat(dirs).extracting(DataDir::path).containsExactly("/data/kafka-1", "/data2/kafka", "/database/kafka");
        assertThat(dirs).extracting(DataDir::mountPoint).containsExactly("/data", "/data2", "/");
        assertThat(dirs.get(0).devices()).containsExactly("nvme0n1");
        assertThat(dirs.get(0).noatime()).isTrue();
        assertThat(dirs.get(2).devices()).containsExactly("sda");
    }

    @Test
    void theLastEntryForAMountPointHidesTheEarlierOnes() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw"),
                mount("/mnt/nfs", "10.0.0.1:/srv", "nfs4", "rw"),
                mount("/mnt/nfs", "10.0.0.1:/srv", "nfs", "rw", "relatime")));
        DataDir d = m.map(List.of("/mnt/nfs/kafka")).get(0);
        assertThat(d.fsType()).isEqualTo("nfs");
        assertThat(d.devices()).isEmpty();
    }

    @Test
    void deviceMapperResolvesToItsSlavesAndMdToItsMembersByName() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/mapper/vg-kafka", "xfs", "rw"),
                mount("/md", "/dev/md0", "xfs", "rw")));
        List<DataDir> dirs = m.map(List.of("/kafka", "/md/kafka"));
        assertThat(dirs.get(0).devices()).containsExactly("sdb");
        assertThat(dirs.get(0).raid()).isNull();
        assertThat(dirs.get(1).devices()).containsExactly("sdc", "sdd1");
        assertThat(dirs.get(1).raid()).isEqualTo("md0");
    }

    @Test
    void noMountTableLeavesTheMountUnknown() {
        DataDir d = mapper(List.of()).map(List.of("/data/kafka")).get(0);
        assertThat(d.mountPoint()).isNull();
        assertThat(d.noatime()).isNull();
    }

    @Test
    void withoutDataDirsEveryWritableDiskBackedMountIsAssessed() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw"),
                mount("/proc", "proc", "proc", "rw"), mount("/boot/efi", "/dev/sda2", "vfat", "rw"),
                mount("/snap/core/1", "/dev/loop0", "squashfs", "ro"), mount("/data", "/dev/sdb", "xfs", "rw"),
                mount("/data", "/dev/sdb", "xfs", "rw"), mount("/etc/hosts", "/dev/sdc", "ext4", "rw")));
        assertThat(m.map(List.of())).extracting(DataDir::path).containsExactly("/", "/data");
        assertThat(m.map(List.of())).allMatch(DataDir::assessed);
        assertThat(m.map(List.of("/data/kafka"))).noneMatch(DataDir::assessed);
    }

    @Test
    void capacityComesFromTheProbe() {
        DataDirMapper m = new DataDirMapper(List.of(mount("/", "/dev/sda1", "ext4", "rw")),
                new DeviceResolver(devices, raid), path -> Optional.of(new DiskSpace.Usage(100, 40)));
        DataDir d = m.map(List.of("/kafka")).get(0);
        assertThat(d.totalBytes()).isEqualTo(100);
        assertThat(d.usableBytes()).isEqualTo(40);
    }

    @Test
    void unnamedDeviceMapperIsTiedOnlyWhenItIsTheOnlyOne() {
        DeviceResolver one = new DeviceResolver(List.of(disk("nvme0n1", "nvme0n1p3"),
                new BlockDevice("dm-0", 1L, false, null, List.of(), List.of(), null)), List.of());
        assertThat(one.resolve("/dev/mapper/luks-abc").devices()).containsExactly("dm-0");
        DeviceResolver two = new DeviceResolver(List.of(
                new BlockDevice("dm-0", 1L, false, null, List.of(), List.of(), null),
                new BlockDevice("dm-1", 1L, false, null, List.of(), List.of(), null)), List.of());
        assertThat(two.resolve("/dev/mapper/luks-abc").devices()).isEmpty();
        assertThat(two.resolve("tmpfs").devices()).isEmpty();
    }

    @Test
    void partitionsWithoutSysfsEntriesMapToTheirDiskByName() {
        DeviceResolver r = new DeviceResolver(List.of(disk("nvme1n1"), disk("sdb"), disk("mmcblk0")), List.of());
        assertThat(r.parentDisk("nvme1n1p2")).isEqualTo("nvme1n1");
        assertThat(r.parentDisk("sdb3")).isEqualTo("sdb");
        assertThat(r.parentDisk("mmcblk0p1")).isEqualTo("mmcblk0");
        assertThat(r.parentDisk("sdz1")).isNull();
    }

    private DataDirMapper mapper(List<Mount> mounts, Map<String, PathExistence.State> states) {
        return new DataDirMapper(mounts, new DeviceResolver(devices, raid),
                path -> Optional.of(new DiskSpace.Usage(100, 40)),
                path -> states.getOrDefault(path, PathExistence.State.UNKNOWN));
    }

    @Test
    void aMissingDataDirIsAProblemNeverItsNearestMount() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw"),
                mount("/data", "/dev/nvme0n1p1", "xfs", "rw", "noatime")), Map.of(
                "/data/kafka", PathExistence.State.DIRECTORY, "/data/kafak", PathExistence.State.MISSING,
                "/data/kafka.conf", PathExistence.State.NOT_A_DIRECTORY));
        List<Problem> problems = new ArrayList<>();
        List<DataDir> dirs = m.map(List.of("/data/kafka", "/data/kafak", "/data/kafka.conf"), problems);
        assertThat(dirs.get(0)).satisfies(d -> {
            assertThat(d.exists()).isTrue();
            assertThat(d.mountPoint()).isEqualTo("/data");
        });
        assertThat(dirs.get(1)).isEqualTo(new DataDir("/data/kafak", null, null, null, List.of(), null, null, null,
                false, false));
        assertThat(dirs.get(2).exists()).isFalse();
        assertThat(dirs.get(2).mountPoint()).isNull();
        assertThat(problems).extracting(Problem::source).containsExactly("datadir:/data/kafak",
                "datadir:/data/kafka.conf");
        assertThat(problems.get(0).message()).contains("/data/kafak does not exist", "mount /data",
                "not judged");
        assertThat(problems.get(1).message()).contains("is not a directory");
    }

    @Test
    void withoutAskingTheFilesystemOnlyTheMountTableProvesADirExists() {
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw"),
                mount("/data/kafka-1", "/dev/nvme0n1p1", "xfs", "rw", "noatime")), Map.of());
        List<Problem> problems = new ArrayList<>();
        List<DataDir> dirs = m.map(List.of("/data/kafka-1", "/data", "/var/lib/kafka"), problems);
        assertThat(dirs).extracting(DataDir::exists).containsExactly(true, true, null);
        // Unknown is mapped as before: a directory inside a mounted filesystem is not in the mount table.
        assertThat(dirs.get(2).mountPoint()).isEqualTo("/");
        assertThat(problems).isEmpty();
    }

    @Test
    void theMountTableWinsOverAStatThatFoundNothing() {
        // A stat from another mount namespace (an agent in a container) finds nothing where the host has a mount.
        DataDirMapper m = mapper(List.of(mount("/", "/dev/sda1", "ext4", "rw"),
                mount("/data/kafka-1", "/dev/nvme0n1p1", "xfs", "rw", "noatime")),
                Map.of("/data/kafka-1", PathExistence.State.MISSING));
        List<Problem> problems = new ArrayList<>();
        DataDir d = m.map(List.of("/data/kafka-1"), problems).get(0);
        assertThat(d.exists()).isTrue();
        assertThat(d.mountPoint()).isEqualTo("/data/kafka-1");
        assertThat(problems).isEmpty();
    }

    @Test
    void theLiveProbeAsksTheFilesystem(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("kafka"));
        Files.writeString(dir.resolve("file"), "x");
        PathExistence live = PathExistence.live();
        assertThat(live.of(dir.resolve("kafka").toString())).isEqualTo(PathExistence.State.DIRECTORY);
        assertThat(live.of(dir.resolve("file").toString())).isEqualTo(PathExistence.State.NOT_A_DIRECTORY);
        assertThat(live.of(dir.resolve("missing").toString())).isEqualTo(PathExistence.State.MISSING);
    }

    @Test
    void aFixtureRootIsNeverStatted(@TempDir Path dir) {
        // Not this machine's procfs (no self link naming this process): a path that exists here is still unknown.
        assertThat(PathExistence.forProcfs(dir).of(dir.toString())).isEqualTo(PathExistence.State.UNKNOWN);
        assertThat(PathExistence.forProcfs(Path.of("/proc")).of(dir.toString()))
                .isEqualTo(PathExistence.State.DIRECTORY);
    }
}
