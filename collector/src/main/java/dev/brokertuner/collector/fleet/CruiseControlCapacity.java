package dev.brokertuner.collector.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Cruise Control's {@code capacity.json} ({@code BrokerCapacityConfigFileResolver}'s format with
 * {@code num.cores}) from measured facts: {@code DISK} in MB (2^20 bytes, per data dir when a broker has several
 * filesystems), {@code CPU} as {@code num.cores}, {@code NW_IN}/{@code NW_OUT} in KB/s (2^10 bytes) from the NIC's
 * link speed. Binary units round down, so the figures never overstate capacity. Brokers whose node id, disk
 * capacity, cores or NIC speed is unknown cannot be described and are listed in {@link Result#skipped()}.
 */
public final class CruiseControlCapacity {
    private CruiseControlCapacity() {
    }

    /**
     * The document and the brokers left out.
     *
     * @param document the {@code capacity.json} content
     * @param skipped  one line per broker left out, saying what is unknown
     */
    public record Result(Map<String, Object> document, List<String> skipped) {
    }

    /** Capacity of these brokers, ordered by node id. */
    public static Result of(List<HostSummary> hosts) {
        List<Map<String, Object>> brokers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        hosts.stream().sorted(java.util.Comparator.comparing(h -> h.nodeId() == null ? Integer.MAX_VALUE
                : h.nodeId())).forEach(h -> {
            List<String> unknown = new ArrayList<>();
            if (h.nodeId() == null) {
                unknown.add("node id (broker not reachable)");
            }
            if (h.diskCapacityBytes().isEmpty()) {
                unknown.add("data-dir capacity");
            }
            if (h.cpus() == null) {
                unknown.add("cores");
            }
            if (h.nicSpeedMbps() == null) {
                unknown.add("NIC speed");
            }
            if (!unknown.isEmpty()) {
                skipped.add(h.hostname() + ": unknown " + String.join(", ", unknown));
                return;
            }
            Map<String, Object> capacity = new LinkedHashMap<>();
            if (h.diskCapacityBytes().size() == 1) {
                capacity.put("DISK", String.valueOf(mib(h.diskCapacityBytes().values().iterator().next())));
            } else {
                Map<String, String> jbod = new LinkedHashMap<>();
                h.diskCapacityBytes().forEach((dir, bytes) -> jbod.put(dir, String.valueOf(mib(bytes))));
                capacity.put("DISK", jbod);
            }
            capacity.put("CPU", Map.of("num.cores", String.valueOf(h.cpus())));
            String kb = String.valueOf(h.nicSpeedMbps() * 1_000_000L / 8 / 1024);
            capacity.put("NW_IN", kb);
            capacity.put("NW_OUT", kb);
            Map<String, Object> broker = new LinkedHashMap<>();
            broker.put("brokerId", String.valueOf(h.nodeId()));
            broker.put("capacity", capacity);
            broker.put("doc", h.hostname() + ": measured by broker-tuner (report " + h.reportId() + ", "
                    + h.generatedAt() + "); NIC " + Summaries.speed(h.nicSpeedMbps()));
            brokers.add(broker);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("brokerCapacities", brokers);
        return new Result(doc, skipped);
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
