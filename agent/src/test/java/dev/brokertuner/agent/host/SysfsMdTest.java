package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.RaidArray;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SysfsMdTest {
    @Test
    void readsEveryArrayOfTheZooSysfs() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.shared("md-parser-zoo")));
        Map<String, RaidArray> arrays = SysfsMd.read(files).stream()
                .collect(Collectors.toMap(RaidArray::name, Function.identity()));
        assertThat(arrays).containsOnlyKeys("md0", "md1", "md10", "md4", "md5", "md6", "md7", "md8");
        assertThat(arrays.get("md0").level()).isEqualTo("raid0");
        assertThat(arrays.get("md0").members()).containsExactly("sdg", "sdh");
        assertThat(arrays.get("md0").degraded()).isFalse();
        RaidArray md5 = arrays.get("md5");
        assertThat(md5.degraded()).isTrue();
        assertThat(md5.failedDisks()).isEqualTo(1);
        assertThat(md5.spareDisks()).isEqualTo(1);
        assertThat(md5.workingDisks()).isEqualTo(2);
        RaidArray md6 = arrays.get("md6");
        assertThat(md6.syncAction()).isEqualTo("recovery");
        assertThat(md6.syncProgress()).isEqualTo(75.0);
        assertThat(arrays.get("md7").level()).isEqualTo("container");
        assertThat(arrays.get("md7").raidDisks()).isNull();
        assertThat(arrays.get("md8").raidDisks()).isEqualTo(11);
        assertThat(arrays.get("md8").syncAction()).isEqualTo("reshape");
        assertThat(arrays.get("md1").syncAction()).isNull();
    }

    @Test
    void mergeFillsWhatMdstatDoesNotPrintAndAddsArraysOnlySysfsKnows() {
        RaidArray fromMdstat = new RaidArray("md10", "raid0", "active", null, null, 0, 0, false, null, null,
                List.of("sda1", "sdb1"));
        RaidArray fromSysfs = new RaidArray("md10", "raid0", "clean", 2, 2, 0, 0, false, null, null,
                List.of("sda1", "sdb1"));
        RaidArray onlySysfs = new RaidArray("md5", "raid5", "clean", 3, 2, 1, 0, true, null, null, List.of("sdn"));
        List<RaidArray> merged = SysfsMd.merge(List.of(fromMdstat), List.of(fromSysfs, onlySysfs));
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).raidDisks()).isEqualTo(2);
        assertThat(merged.get(0).state()).isEqualTo("active");
        assertThat(merged.get(1)).isEqualTo(onlySysfs);
    }

    @Test
    void mergeKeepsMdstatWhenTheLevelsDisagree() {
        RaidArray fromMdstat = new RaidArray("md0", "raid1", "active", 2, 2, 0, 0, false, null, null, List.of());
        RaidArray fromSysfs = new RaidArray("md0", "raid0", "clean", 2, 2, 0, 0, true, null, null, List.of());
        assertThat(SysfsMd.merge(List.of(fromMdstat), List.of(fromSysfs))).containsExactly(fromMdstat);
    }

    @Test
    void syncCompletedAsPercent() {
        assertThat(SysfsMd.completed("1569888 / 2093056")).isEqualTo(75.0);
        assertThat(SysfsMd.completed("none")).isNull();
        assertThat(SysfsMd.firstInt("11 (10)")).isEqualTo(11);
        assertThat(SysfsMd.firstInt("")).isNull();
    }
}
