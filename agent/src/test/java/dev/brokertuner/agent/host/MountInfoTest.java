package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {
    private static final String NODE = """
            22 1 259:2 / / rw,relatime shared:1 - xfs /dev/nvme0n1p2 rw
            40 22 259:5 / /data rw,noatime shared:20 - xfs /dev/nvme1n1 rw
            41 22 259:5 /shared /srv/shared rw,noatime shared:21 - xfs /dev/nvme1n1 rw
            """;

    @Test
    void parsesDeviceRootAndEscapes() {
        List<MountInfo.Entry> e = MountInfo.parse("""
                1510 1503 259:5 /local-pv/kafka\\0400 /var/lib/my\\040kafka rw,noatime - xfs /dev/nvme1n1 rw
                garbage line
                """);
        assertThat(e).singleElement().satisfies(x -> {
            assertThat(x.majMin()).isEqualTo("259:5");
            assertThat(x.root()).isEqualTo("/local-pv/kafka 0");
            assertThat(x.mountPoint()).isEqualTo("/var/lib/my kafka");
            assertThat(x.options()).contains("noatime");
            assertThat(x.fsType()).isEqualTo("xfs");
            assertThat(x.source()).isEqualTo("/dev/nvme1n1");
        });
    }

    @Test
    void aBindMountMapsToTheNodePathOfTheSameFilesystem() {
        BrokerMounts ns = new BrokerMounts(7, MountInfo.parse("""
                1 0 0:61 / / rw - overlay overlay rw
                2 1 259:5 /local-pv/kafka-0 /var/lib/kafka rw,noatime - xfs /dev/nvme1n1 rw
                3 1 259:5 /shared/x /mnt/x rw - xfs /dev/nvme1n1 rw
                """), MountInfo.parse(NODE));
        assertThat(ns.hostPath("/var/lib/kafka/data")).contains("/data/local-pv/kafka-0/data");
        assertThat(ns.hostPath("/var/lib/kafka")).contains("/data/local-pv/kafka-0");
        // the node mount with the longest root that holds the path wins
        assertThat(ns.hostPath("/mnt/x/y")).contains("/srv/shared/x/y");
        assertThat(ns.hostPath("/opt/kafka")).as("the pod's own overlay: no node mount of 0:61").isEmpty();
    }

    @Test
    void aSystemdServiceWithItsOwnNamespaceMapsToTheSamePath() {
        // PrivateTmp=yes / ProtectSystem=strict give the service its own mount namespace over the same mounts
        BrokerMounts ns = new BrokerMounts(7, MountInfo.parse("""
                22 1 259:2 / / ro,relatime - xfs /dev/nvme0n1p2 rw
                40 22 259:5 / /data rw,noatime - xfs /dev/nvme1n1 rw
                90 22 259:2 /tmp/systemd-private-abc-kafka.service-x/tmp /tmp rw - xfs /dev/nvme0n1p2 rw
                """), MountInfo.parse(NODE));
        assertThat(ns.hostPath("/data/kafka")).contains("/data/kafka");
        DataDirMapper mapper = new DataDirMapper(List.of(new dev.brokertuner.report.Mount("/data", "/dev/nvme1n1",
                "xfs", List.of("rw", "noatime"), true)), new DeviceResolver(List.of(), List.of()), DiskSpace.none());
        var d = mapper.mapThrough(ns, List.of("/data/kafka"), DiskSpace.none(), new java.util.ArrayList<>()).get(0);
        assertThat(d.mountPoint()).isEqualTo("/data");
        assertThat(d.hostPath()).as("same path: nothing to say").isNull();
    }
}
