package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.RaidArray;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MdStatTest {
    /** name, state, level, raidDisks, working, failed, spares, degraded, syncAction, progress, member count. */
    private static final Object[][] ZOO = {
            {"md3", "active", "raid6", 8, 8, 0, 2, false, null, null, 9},
            {"md127", "active", "raid1", 2, 2, 0, 0, false, null, null, 2},
            {"md0", "active", "raid1", 2, 2, 0, 0, false, null, null, 2},
            {"md4", "inactive", "raid1", 2, 2, 1, 1, false, null, null, 2},
            {"md6", "active", "raid1", 2, 1, 1, 1, true, "recovery", 8.5, 3},
            {"md8", "active", "raid1", 2, 2, 0, 2, false, "resync", 8.5, 4},
            {"md201", "active", "raid1", 2, 2, 0, 0, false, "check", 5.7, 2},
            {"md7", "active", "raid6", 4, 3, 1, 0, true, null, null, 4},
            {"md9", "active", "raid1", 4, 4, 2, 1, false, "resync=DELAYED", null, 7},
            {"md10", "active", "raid0", null, null, 0, 0, false, null, null, 2},
            {"md11", "active (auto-read-only)", "raid1", 2, 2, 1, 2, false, "resync=PENDING", null, 5},
            {"md12", "active", "raid0", null, null, 0, 0, false, null, null, 2},
            {"md126", "active", "raid0", null, null, 0, 0, false, null, null, 2},
            {"md219", "inactive", null, null, null, 0, 3, false, null, null, 3},
            {"md00", "active", "raid0", null, null, 0, 0, false, null, null, 1},
            {"md120", "active", "linear", null, null, 0, 0, false, null, null, 2},
            {"md101", "active (read-only)", "raid0", null, null, 0, 0, false, null, null, 3},
            {"md42", "active", "raid5", 3, 2, 0, 1, true, "reshape", 56.1, 3},
    };

    @Test
    void everyArrayOfTheZooInEveryState() {
        String text = HostFixtures.read(HostFixtures.shared("md-parser-zoo").resolve("proc/mdstat"));
        List<RaidArray> arrays = MdStat.parse(text);
        assertThat(arrays).extracting(RaidArray::name)
                .containsExactly(java.util.Arrays.stream(ZOO).map(r -> (String) r[0]).toArray(String[]::new));
        Map<String, RaidArray> byName = arrays.stream().collect(Collectors.toMap(RaidArray::name, Function.identity()));
        for (Object[] row : ZOO) {
            RaidArray a = byName.get((String) row[0]);
            assertThat(new Object[] {a.name(), a.state(), a.level(), a.raidDisks(), a.workingDisks(), a.failedDisks(),
                    a.spareDisks(), a.degraded(), a.syncAction(), a.syncProgress(), a.members().size()})
                    .as(a.name()).containsExactly(row);
        }
    }

    @Test
    void theFailedMembersAreNamed() {
        RaidArray md0 = MdStat.parse("""
                md0 : active raid10 sdf[3] sde[2](F) sdd[1] sdc[0](F)
                      1953260544 blocks super 1.2 512K chunks 2 near-copies [4/2] [U__U]
                """).get(0);
        assertThat(md0.failedDisks()).isEqualTo(2);
        assertThat(md0.failedMembers()).containsExactly("sde", "sdc");
        assertThat(md0.members()).containsExactly("sdf", "sde", "sdd", "sdc");
    }

    @Test
    void aDeviceListedTwiceIsOneMember() {
        RaidArray md3 = MdStat.parse("""
                md3 : active raid6 sda1[8] sdd1[3] sdd1[10](S)
                      5853468288 blocks super 1.2 level 6, 64k chunk, algorithm 2 [2/2] [UU]
                """).get(0);
        assertThat(md3.members()).containsExactly("sda1", "sdd1");
        assertThat(md3.spareDisks()).isEqualTo(1);
    }

    @Test
    void roleNumbersAreNotSlotCounts() {
        RaidArray md1 = MdStat.parse("md1 : active raid1 sdb2[2] sda2[0]\n      5909504 blocks super 1.2 [2/2] [UU]\n")
                .get(0);
        assertThat(md1.degraded()).isFalse();
        assertThat(md1.raidDisks()).isEqualTo(2);
    }

    @Test
    void trailingSpaceAndNoTrailingNewline() {
        String text = "Personalities : [raid6] [raid5]\nmd127 : active raid5 sdh1[6] sdg1[4] sdf1[3]\n"
                + "      1464725760 blocks level 5, 64k chunk, algorithm 2 [6/5] [UUUUU_]\n"
                + "      [==>..................]  recovery = 12.6% (37043392/292945152) finish=127.5min "
                + "speed=33440K/sec\n\nunused devices: <none> ";
        RaidArray a = MdStat.parse(text).get(0);
        assertThat(a.degraded()).isTrue();
        assertThat(a.syncAction()).isEqualTo("recovery");
        assertThat(a.syncProgress()).isEqualTo(12.6);
    }

    @Test
    void noArrays() {
        assertThat(MdStat.parse("Personalities : \nunused devices: <none>")).isEmpty();
        assertThat(MdStat.parse("")).isEmpty();
    }
}
