package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names the kernel could not have given are refused as facts, once each, with a problem that names them escaped. */
class KernelNameCheckTest {
    private final List<Problem> problems = new ArrayList<>();
    private final KernelNameCheck check = new KernelNameCheck(problems);

    private static BlockDevice dev(String name, List<String> partitions, List<String> slaves) {
        return new BlockDevice(name, 1L << 30, false, "none", partitions, slaves, null);
    }

    @Test
    void interfacesOutsideTheKernelsCharacterSetAreRefused() {
        List<String> kept = java.util.stream.Stream.of("eth0", "$(id>q)", "bond0.100", "a b", "eth0\nid",
                "0123456789abcdef", "a/b").filter(n -> check.interfaceName(n, "sysfs:class/net")).toList();
        assertThat(kept).containsExactly("eth0", "$(id>q)", "bond0.100");
        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p.source()).isEqualTo("sysfs:class/net"));
        assertThat(problems).extracting(Problem::message).anyMatch(m -> m.startsWith("interface name 'eth0\\nid' "
                + "refused")).noneMatch(m -> m.contains("\n"));
    }

    @Test
    void blockDevicesPartitionsAndSlavesAreCutToKernelNames() {
        List<BlockDevice> kept = check.blockDevices(List.of(dev("sda", List.of("sda1", "sda2;id"), List.of()),
                dev("md9;id", List.of(), List.of("sdb")), dev("dm-0", List.of(), List.of("sdc", "../x")),
                dev("cciss!c0d0", List.of(), List.of())));
        assertThat(kept).extracting(BlockDevice::name).containsExactly("sda", "dm-0", "cciss!c0d0");
        assertThat(kept.get(0).partitions()).containsExactly("sda1");
        assertThat(kept.get(1).slaves()).containsExactly("sdc");
        assertThat(problems).extracting(Problem::message).hasSize(3)
                .anyMatch(m -> m.startsWith("block device name 'md9;id' refused"))
                .anyMatch(m -> m.startsWith("block device name 'sda2;id' refused"))
                .anyMatch(m -> m.startsWith("block device name '../x' refused"));
    }

    @Test
    void anArrayListedByMdstatAndSysfsIsOneProblem() {
        RaidArray bad = new RaidArray("md9;id", "raid1", "active", 2, 1, 0, 0, true, "recovery", 17.5,
                List.of("sdg", "sdh"));
        RaidArray good = new RaidArray("md0", "raid1", "active", 2, 2, 0, 0, false, null, null,
                List.of("sda1", "sdb1`id`"));
        List<RaidArray> kept = check.raid(List.of(bad, good));
        check.blockDevices(List.of(dev("md9;id", List.of(), List.of())));
        assertThat(kept).extracting(RaidArray::name).containsExactly("md0");
        assertThat(kept.get(0).members()).containsExactly("sda1");
        assertThat(problems).extracting(Problem::message).filteredOn(m -> m.contains("md9;id")).hasSize(1);
    }

    @Test
    void theGathererLeavesARefusedInterfaceOutAndSaysWhy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws Exception {
        java.nio.file.Path proc = root.resolve("proc");
        java.nio.file.Path sys = root.resolve("sys");
        java.nio.file.Files.createDirectories(proc.resolve("net"));
        java.nio.file.Files.createDirectories(sys.resolve("class/net/$(id>q)"));
        java.nio.file.Files.writeString(sys.resolve("class/net/$(id>q)/speed"), "1000\n");
        java.nio.file.Files.writeString(proc.resolve("net/dev"), String.join("\n",
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo",
                "$(id>q): 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0",
                "eth 0: 10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0", ""));
        var gathered = new LinuxHostGatherer(new dev.brokertuner.agent.gather.HostPaths(proc, sys))
                .gather(List.of(), 0);
        assertThat(gathered.value().nics()).extracting(Nic::name).containsExactly("$(id>q)");
        assertThat(gathered.problems()).extracting(Problem::message)
                .anyMatch(m -> m.startsWith("interface name 'eth 0' refused"));
    }

    @Test
    void aMountSourceWithAnImpossibleNameResolvesToNothing() {
        DeviceResolver resolver = new DeviceResolver(List.of(dev("sda", List.of("sda1"), List.of())), List.of());
        assertThat(resolver.resolve("/dev/sda1").devices()).containsExactly("sda");
        assertThat(resolver.resolve("/dev/md9;id").devices()).isEmpty();
        assertThat(resolver.resolve("/dev/md/9;id").devices()).isEmpty();
        assertThat(resolver.resolve("/dev/sd$(id)").raid()).isNull();
    }
}
