package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which NIC the fleet views show for a host: the one carrying the broker's listeners when the agent placed them. */
class BrokerNicTest {
    private static Nic nic(String name, long mbps, String kind, String... listeners) {
        return new Nic(name, mbps, "full", 1500, "up", List.of(), null, null, null, kind, "sysfs", null,
                List.of(listeners), null, null, null, null);
    }

    private static HostFacts host(Nic... nics) {
        return new HostFacts("h", 8, 1L << 34, List.of(), List.of(), List.of(), List.of(), List.of(nics), Map.of(), 0,
                0L);
    }

    @Test
    void theListenersNicWinsOverAFasterOneWithout() {
        assertThat(Summaries.brokerNic(host(nic("eno1", 1000, "physical", "INTERNAL"),
                nic("ens2f0", 100000, "physical"))).orElseThrow().name()).isEqualTo("eno1");
    }

    @Test
    void aPodBridgeCarryingTheListenerGivesWayToTheNodesLink() {
        assertThat(Summaries.brokerNic(host(nic("cni0", 10000, "bridge", "PLAINTEXT"),
                nic("eno1", 25000, "physical", "PLAINTEXT"), nic("eno2", 1000, "physical"))).orElseThrow().name())
                .isEqualTo("eno1");
    }

    @Test
    void withoutListenersTheFastestUpLinkAsBefore() {
        assertThat(Summaries.brokerNic(host(nic("eno1", 1000, null), nic("ens1f0", 25000, null))).orElseThrow()
                .name()).isEqualTo("ens1f0");
    }
}
