package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Mount;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    @Test
    void mountinfoPerMountOptionsTypeAndSourceAfterTheSeparator() {
        String text = "40 1 259:5 / /data rw,noatime shared:20 - xfs /dev/nvme1n1 rw,attr2,inode64\n"
                + "41 1 8:17 / /var/lib/kafka rw,relatime shared:21 master:3 - ext4 /dev/sdb1 rw,errors=remount-ro";
        List<Mount> mounts = MountTable.parseMountinfo(text).mounts();
        assertThat(mounts).containsExactly(
                new Mount("/data", "/dev/nvme1n1", "xfs", List.of("rw", "noatime"), true),
                new Mount("/var/lib/kafka", "/dev/sdb1", "ext4", List.of("rw", "relatime"), false));
    }

    @Test
    void doubleSpaceBetweenFieldsDoesNotShiftThem() {
        String text = "1 1 0:5 /  /root rw,nosuid shared:8 - rootfs rootfs rw\n";
        Mount m = MountTable.parseMountinfo(text).mounts().get(0);
        assertThat(m.mountPoint()).isEqualTo("/root");
        assertThat(m.fsType()).isEqualTo("rootfs");
        assertThat(m.options()).containsExactly("rw", "nosuid");
    }

    @Test
    void repeatedMountIdsAreSeparateEntries() {
        String text = "31 23 8:1 / /host/media/volume2 rw,relatime - ext4 /dev/sda1 rw\n"
                + "31 23 0:25 / /dev/shm rw,nosuid - tmpfs tmpfs rw\n";
        assertThat(MountTable.parseMountinfo(text).mounts()).extracting(Mount::mountPoint)
                .containsExactly("/host/media/volume2", "/dev/shm");
    }

    @Test
    void octalEscapesAreDecoded() {
        String text = "50 1 8:33 / /mnt/kafka\\040data rw,noatime - xfs /dev/sdc1 rw\n";
        assertThat(MountTable.parseMountinfo(text).mounts().get(0).mountPoint()).isEqualTo("/mnt/kafka data");
        assertThat(MountTable.unescape("a\\011b\\134c")).isEqualTo("a\tb\\c");
        assertThat(MountTable.unescape("trailing\\04")).isEqualTo("trailing\\04");
    }

    @Test
    void procMountsFormat() {
        String text = "/dev/mapper/fedora-root / xfs rw,seclabel,relatime,attr2 0 0\n"
                + "192.168.1.1:/srv/test /mnt/nfs nfs4 rw,noatime,vers=4.1 0 0";
        List<Mount> mounts = MountTable.parseMounts(text).mounts();
        assertThat(mounts.get(0)).isEqualTo(new Mount("/", "/dev/mapper/fedora-root", "xfs",
                List.of("rw", "seclabel", "relatime", "attr2"), false));
        assertThat(mounts.get(1).noatime()).isTrue();
        assertThat(mounts.get(1).device()).isEqualTo("192.168.1.1:/srv/test");
    }

    @Test
    void malformedLinesAreSkippedAndCounted() {
        MountTable.Parsed parsed = MountTable.parseMountinfo("garbage line\n40 1 259:5 / /data rw - xfs /dev/x rw\n");
        assertThat(parsed.mounts()).hasSize(1);
        assertThat(parsed.skippedLines()).isEqualTo(1);
        assertThat(MountTable.parseMounts("only two\n").skippedLines()).isEqualTo(1);
    }

    @Test
    void noatimeIsAWholeOptionNotASubstring() {
        String text = "/dev/sda1 /data xfs rw,relatime,xnoatimex 0 0";
        assertThat(MountTable.parseMounts(text).mounts().get(0).noatime()).isFalse();
    }
}
