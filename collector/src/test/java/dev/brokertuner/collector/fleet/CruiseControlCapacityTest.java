package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CruiseControlCapacityTest {
    static HostSummary host(String name, Integer nodeId, Map<String, Long> disks, Long nic) {
        return new HostSummary(name, "c", "c", null, "t", "r1", Instant.EPOCH, Instant.EPOCH, "0.1.0", "ok", nodeId,
                0, 0, 0, List.of(), Map.of(), 1.0, 1.0, 1L, 1L, 16, disks, nic, null, null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesCapacityJsonInCruiseControlsFormat() {
        Map<String, Long> jbod = new LinkedHashMap<>();
        jbod.put("/data1/kafka", 2L << 40);
        jbod.put("/data2/kafka", 1L << 40);
        var r = CruiseControlCapacity.of(List.of(host("kafka-a02", 2, jbod, 10_000L),
                host("kafka-a01", 1, Map.of("/data/kafka", 4L << 40), 25_000L),
                host("kafka-a03", null, Map.of(), null)));
        var brokers = (List<Map<String, Object>>) r.document().get("brokerCapacities");
        assertThat(brokers).extracting(b -> b.get("brokerId")).containsExactly("1", "2");
        Map<String, Object> one = (Map<String, Object>) brokers.get(0).get("capacity");
        assertThat(one).containsEntry("DISK", String.valueOf(4L << 20))
                .containsEntry("CPU", Map.of("num.cores", "16"))
                .containsEntry("NW_IN", "3051757").containsEntry("NW_OUT", "3051757");
        Map<String, Object> two = (Map<String, Object>) brokers.get(1).get("capacity");
        assertThat((Map<String, String>) two.get("DISK")).containsExactly(Map.entry("/data1/kafka", "2097152"),
                Map.entry("/data2/kafka", "1048576"));
        assertThat(brokers.get(0).get("doc").toString()).startsWith("kafka-a01: measured by broker-tuner");
        assertThat(r.skipped()).containsExactly(
                "kafka-a03: unknown node id (broker not reachable), data-dir capacity, NIC speed");
    }
}
