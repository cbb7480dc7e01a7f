package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CruiseControlCapacityTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    static HostSummary host(String name, Integer nodeId, Map<String, Long> disks, Long nic) {
        return host(name, nodeId, disks, nic, 16, NOW.minusSeconds(30), NOW.minusSeconds(29));
    }

    static HostSummary host(String name, Integer nodeId, Map<String, Long> disks, Long nic, Integer cpus,
                            Instant generatedAt, Instant receivedAt) {
        return new HostSummary(name, "c", "c", null, "t", "r-" + name, generatedAt, receivedAt, "0.1.0", "ok",
                nodeId, 0, 0, 0, List.of(), Map.of(), 1.0, 1.0, 1L, 1L, cpus, disks, nic, null, null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> brokers(CruiseControlCapacity.Result r) {
        return (List<Map<String, Object>>) r.document().get("brokerCapacities");
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesCapacityJsonInCruiseControlsFormat() {
        Map<String, Long> jbod = new LinkedHashMap<>();
        jbod.put("/data1/kafka", 2L << 40);
        jbod.put("/data2/kafka", 1L << 40);
        var r = CruiseControlCapacity.of(List.of(host("kafka-a02", 2, jbod, 10_000L),
                host("kafka-a01", 1, Map.of("/data/kafka", 4L << 40), 25_000L),
                host("kafka-a03", null, Map.of(), null)), NOW, 90);
        var brokers = brokers(r);
        assertThat(brokers).extracting(b -> b.get("brokerId")).containsExactly("-1", "1", "2");
        Map<String, Object> one = (Map<String, Object>) brokers.get(1).get("capacity");
        assertThat(one).containsEntry("DISK", String.valueOf(4L << 20))
                .containsEntry("CPU", Map.of("num.cores", "16"))
                .containsEntry("NW_IN", "3051757").containsEntry("NW_OUT", "3051757");
        Map<String, Object> two = (Map<String, Object>) brokers.get(2).get("capacity");
        assertThat((Map<String, String>) two.get("DISK")).containsExactly(Map.entry("/data1/kafka", "2097152"),
                Map.entry("/data2/kafka", "1048576"));
        assertThat(brokers.get(1).get("doc").toString()).startsWith("kafka-a01: measured by broker-tuner");
        assertThat(r.skipped()).containsExactly(
                "kafka-a03: unknown node id (broker not reachable), data-dir capacity, NIC speed");
        assertThat(r.document()).containsEntry("skipped", r.skipped());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDefaultEntryHoldsTheSmallestMeasuredCapacityPerResource() {
        // Cruise Control resolves any broker missing from the file through brokerId -1; without it, it fails.
        Map<String, Long> jbod = new LinkedHashMap<>();
        jbod.put("/data1/kafka", 2L << 40);
        jbod.put("/data2/kafka", 1L << 40);
        var r = CruiseControlCapacity.of(List.of(
                host("kafka-a01", 1, Map.of("/data/kafka", 4L << 40), 10_000L, 32, NOW, NOW),
                host("kafka-a02", 2, jbod, 25_000L, 8, NOW, NOW)), NOW, 90);
        Map<String, Object> first = brokers(r).get(0);
        assertThat(first.get("brokerId")).isEqualTo("-1");
        Map<String, Object> capacity = (Map<String, Object>) first.get("capacity");
        // DISK: min(4 TiB, 2 + 1 TiB) = 3 TiB = 3145728 MiB; cores min(32, 8); NIC min(10, 25 Gb/s).
        assertThat(capacity).containsEntry("DISK", String.valueOf(3L << 20))
                .containsEntry("CPU", Map.of("num.cores", "8"))
                .containsEntry("NW_IN", "1220703").containsEntry("NW_OUT", "1220703");
        assertThat(first.get("doc").toString()).contains("smallest", "2 broker(s)");
        assertThat(r.skipped()).isEmpty();
        assertThat(r.document()).doesNotContainKey("skipped");
    }

    @Test
    void staleHostsAreLeftOutAndEachNodeIdAppearsOnce() {
        Map<String, Long> disk = Map.of("/data/kafka", 1L << 40);
        var r = CruiseControlCapacity.of(List.of(
                // node 1 moved from kafka-old01 to kafka-new01; both still fresh, the newer report wins.
                host("kafka-old01", 1, disk, 10_000L, 16, NOW.minusSeconds(60), NOW.minusSeconds(59)),
                host("kafka-new01", 1, disk, 25_000L, 16, NOW.minusSeconds(10), NOW.minusSeconds(9)),
                // gone for ten minutes: its old figures must not describe a broker.
                host("kafka-gone02", 2, disk, 100_000L, 64, NOW.minusSeconds(600), NOW.minusSeconds(600))),
                NOW, 90);
        assertThat(brokers(r)).extracting(b -> b.get("brokerId")).containsExactly("-1", "1");
        assertThat(brokers(r).get(1).get("doc").toString()).startsWith("kafka-new01");
        assertThat(r.skipped()).anyMatch(s -> s.startsWith("kafka-gone02: stale (last report 600 s ago"))
                .anyMatch(s -> s.startsWith("kafka-old01: node id 1 is also reported by kafka-new01"))
                .hasSize(2);
    }

    @Test
    void withNothingMeasuredTheFileSaysSo() {
        var r = CruiseControlCapacity.of(List.of(host("kafka-a03", null, Map.of(), null)), NOW, 90);
        assertThat(brokers(r)).isEmpty();
        assertThat(r.skipped()).anyMatch(s -> s.contains("no default (brokerId -1) entry"));
    }
}
