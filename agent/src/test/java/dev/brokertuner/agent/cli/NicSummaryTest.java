package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Nic;
import java.util.List;
import org.junit.jupiter.api.Test;

class NicSummaryTest {
    private static Nic nic(String name, String operstate, String kind, String... listeners) {
        return new Nic(name, null, null, 1500, operstate, List.of(), null, null, null, kind, null, null,
                List.of(listeners), null, null, null, null);
    }

    @Test
    void downAndVirtualInterfacesAreNotCountedAndVethsApart() {
        String s = NicSummary.of(List.of(nic("eno1", "up", "physical"), nic("ens1f0", "up", "physical", "INTERNAL"),
                nic("eno2", "down", "physical"), nic("dummy0", "unknown", "virtual"), nic("ifb0", "down", "virtual"),
                nic("veth1", "up", "veth"), nic("veth2", "up", "veth")));
        assertThat(s).isEqualTo("2 nics + 2 veth (broker on ens1f0)");
        assertThat(NicSummary.of(List.of(nic("eth0", null, null)))).isEqualTo("1 nic");
    }
}
