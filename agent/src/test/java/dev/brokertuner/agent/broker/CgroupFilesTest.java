package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CgroupFilesTest {
    @Test
    void cgroupV2Membership() {
        CgroupFiles.Membership m = CgroupFiles.membership("0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-a.scope\n");
        assertThat(m.v2()).isEqualTo("/kubepods.slice/kubepods-pod1.slice/cri-containerd-a.scope");
        assertThat(m.v1()).isEmpty();
    }

    @Test
    void cgroupV1MembershipByController() {
        CgroupFiles.Membership m = CgroupFiles.membership("""
                12:cpuset:/kubepods/burstable/pod1/abc
                11:memory:/kubepods/burstable/pod1/abc
                4:cpu,cpuacct:/kubepods/burstable/pod1/abc
                1:name=systemd:/kubepods/burstable/pod1/abc
                0::/
                """);
        assertThat(m.v2()).isEqualTo("/");
        assertThat(m.v1("cpu")).hasValueSatisfying(e -> {
            assertThat(e.getKey()).isEqualTo("cpu,cpuacct");
            assertThat(e.getValue()).isEqualTo("/kubepods/burstable/pod1/abc");
        });
        assertThat(m.v1("cpuset")).hasValueSatisfying(e -> assertThat(e.getKey()).isEqualTo("cpuset"));
        assertThat(m.v1("blkio")).isEmpty();
    }

    @Test
    void cpuMaxQuotaOverPeriod() {
        assertThat(CgroupFiles.cpuMax("400000 100000\n")).isEqualTo(OptionalDouble.of(4));
        assertThat(CgroupFiles.cpuMax("150000 100000")).isEqualTo(OptionalDouble.of(1.5));
        assertThat(CgroupFiles.cpuMax("max 100000\n")).isEmpty();
        assertThat(CgroupFiles.cpuMax("garbage")).isEmpty();
        assertThat(CgroupFiles.cpuMax("")).isEmpty();
    }

    @Test
    void cgroupV1Quota() {
        assertThat(CgroupFiles.cfsQuota("200000\n", "100000\n")).isEqualTo(OptionalDouble.of(2));
        assertThat(CgroupFiles.cfsQuota("-1\n", "100000\n")).isEmpty();
        assertThat(CgroupFiles.cfsQuota("50000", "0")).isEmpty();
    }

    @Test
    void cpuListsCountEveryNamedCpu() {
        assertThat(CgroupFiles.cpuCount("0-3,8,10-11\n")).isEqualTo(OptionalInt.of(7));
        assertThat(CgroupFiles.cpuCount("0")).isEqualTo(OptionalInt.of(1));
        assertThat(CgroupFiles.cpuCount("\n")).as("empty: not restricted here").isEmpty();
        assertThat(CgroupFiles.cpuCount("3-1")).isEmpty();
        assertThat(CgroupFiles.cpuCount("a-b")).isEmpty();
    }

    @Test
    void cpusAllowedListFromStatus() {
        assertThat(CgroupFiles.cpusAllowedList("Name:\tjava\nCpus_allowed:\tf\nCpus_allowed_list:\t0-3\n"))
                .contains("0-3");
        assertThat(CgroupFiles.cpusAllowedList("Name:\tjava\n")).isEmpty();
    }

    @Test
    void throttlingCounters() {
        assertThat(CgroupFiles.throttling("usage_usec 5\nnr_periods 1050\nnr_throttled 120\nthrottled_usec 9\n"))
                .hasValueSatisfying(t -> assertThat(t).containsExactly(1050, 120));
        assertThat(CgroupFiles.throttling("usage_usec 5\nuser_usec 3\nsystem_usec 2\n")).as("no quota").isEmpty();
    }
}
