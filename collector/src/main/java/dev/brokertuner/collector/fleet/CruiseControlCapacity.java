package dev.brokertuner.collector.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds Cruise Control's {@code capacity.json} ({@code BrokerCapacityConfigFileResolver}'s format with
 * {@code num.cores}) from measured facts: {@code DISK} in MB (2^20 bytes, per data dir when a broker has several
 * filesystems), {@code CPU} as {@code num.cores}, {@code NW_IN}/{@code NW_OUT} in KB/s (2^10 bytes) from the NIC's
 * link speed. Binary units round down, so the figures never overstate capacity.
 *
 * <p>The file always starts with the {@code "brokerId": "-1"} default entry when at least one broker is measured:
 * Cruise Control uses it for every broker missing from the file (without it such a broker cannot be resolved). Its
 * figures are the smallest measured per resource, so an unknown broker is never assumed bigger than the smallest
 * known one. Stale hosts (no report within {@code staleAfterSeconds}) are left out, and of several hosts reporting
 * one node id only the one generated latest is kept (Cruise Control needs each broker id once). Brokers whose node
 * id, disk capacity, cores or NIC speed is unknown cannot be described. Every host left out is listed in
 * {@link Result#skipped()} and in the document's top-level {@code skipped} list, which Cruise Control ignores (its
 * resolver reads only {@code brokerCapacities}).
 */
public final class CruiseControlCapacity {
    /** Cruise Control's id of the default entry. */
    public static final String DEFAULT_BROKER_ID = "-1";

    private CruiseControlCapacity() {
    }

    /**
     * The document and the hosts left out.
     *
     * @param document the {@code capacity.json} content
     * @param skipped  one line per host left out, saying why
     */
    public record Result(Map<String, Object> document, List<String> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Capacity of these brokers at {@code now}: the default entry first, then the brokers by node id.
     *
     * @param hosts             the cluster's hosts (latest report each)
     * @param now               the time staleness is judged at
     * @param staleAfterSeconds a host without a report for longer is stale
     */
    public static Result of(List<HostSummary> hosts, Instant now, long staleAfterSeconds) {
        List<String> skipped = new ArrayList<>();
        Map<Integer, HostSummary> newest = new TreeMap<>();
        List<HostSummary> fresh = new ArrayList<>();
        for (HostSummary h : hosts.stream().sorted(Comparator.comparing(HostSummary::hostname)).toList()) {
            if (h.staleAt(now, staleAfterSeconds)) {
                skipped.add(h.hostname() + ": stale (last report " + Duration.between(h.receivedAt(), now)
                        .toSeconds() + " s ago, over " + staleAfterSeconds + " s)");
            } else {
                fresh.add(h);
            }
        }
        List<String> unknownLines = new ArrayList<>();
        for (HostSummary h : fresh) {
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
                unknownLines.add(h.hostname() + ": unknown " + String.join(", ", unknown));
                continue;
            }
            HostSummary old = newest.get(h.nodeId());
            if (old == null || newer(h, old)) {
                newest.put(h.nodeId(), h);
                if (old != null) {
                    skipped.add(duplicate(old, h));
                }
            } else {
                skipped.add(duplicate(h, old));
            }
        }
        skipped.addAll(unknownLines);
        List<Map<String, Object>> brokers = new ArrayList<>();
        if (!newest.isEmpty()) {
            brokers.add(defaultEntry(newest.values()));
        }
        newest.values().forEach(h -> brokers.add(entry(h)));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("brokerCapacities", brokers);
        if (newest.isEmpty()) {
            skipped.add("no broker is measured, so there is no default (brokerId -1) entry either");
        }
        if (!skipped.isEmpty()) {
            doc.put("skipped", List.copyOf(skipped));
        }
        return new Result(doc, skipped);
    }

    private static boolean newer(HostSummary a, HostSummary b) {
        int c = a.generatedAt().compareTo(b.generatedAt());
        return c != 0 ? c > 0 : a.receivedAt().isAfter(b.receivedAt());
    }

    private static String duplicate(HostSummary older, HostSummary kept) {
        return older.hostname() + ": node id " + older.nodeId() + " is also reported by " + kept.hostname()
                + ", whose report is newer (" + kept.generatedAt() + " vs " + older.generatedAt() + ")";
    }

    private static Map<String, Object> entry(HostSummary h) {
        Map<String, Object> capacity = new LinkedHashMap<>();
        if (h.diskCapacityBytes().size() == 1) {
            capacity.put("DISK", String.valueOf(mib(h.diskCapacityBytes().values().iterator().next())));
        } else {
            Map<String, String> jbod = new LinkedHashMap<>();
            h.diskCapacityBytes().forEach((dir, bytes) -> jbod.put(dir, String.valueOf(mib(bytes))));
            capacity.put("DISK", jbod);
        }
        capacity.put("CPU", Map.of("num.cores", String.valueOf(h.cpus())));
        String kb = String.valueOf(kib(h.nicSpeedMbps()));
        capacity.put("NW_IN", kb);
        capacity.put("NW_OUT", kb);
        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("brokerId", String.valueOf(h.nodeId()));
        broker.put("capacity", capacity);
        broker.put("doc", h.hostname() + ": measured by broker-tuner (report " + h.reportId() + ", "
                + h.generatedAt() + "); NIC " + Summaries.speed(h.nicSpeedMbps()));
        return broker;
    }

    /** The smallest measured capacity per resource; DISK is a broker's total over its data dirs. */
    private static Map<String, Object> defaultEntry(java.util.Collection<HostSummary> measured) {
        long disk = measured.stream().mapToLong(h -> h.diskCapacityBytes().values().stream()
                .mapToLong(CruiseControlCapacity::mib).sum()).min().orElseThrow();
        int cores = measured.stream().mapToInt(HostSummary::cpus).min().orElseThrow();
        long nw = measured.stream().mapToLong(h -> kib(h.nicSpeedMbps())).min().orElseThrow();
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("DISK", String.valueOf(disk));
        capacity.put("CPU", Map.of("num.cores", String.valueOf(cores)));
        capacity.put("NW_IN", String.valueOf(nw));
        capacity.put("NW_OUT", String.valueOf(nw));
        Map<String, Object> broker = new LinkedHashMap<>();
        broker.put("brokerId", DEFAULT_BROKER_ID);
        broker.put("capacity", capacity);
        broker.put("doc", "default for brokers not listed here: the smallest capacity per resource measured by "
                + "broker-tuner over " + measured.size() + " broker(s)");
        return broker;
    }

    private static long kib(long mbps) {
        return mbps * 1_000_000L / 8 / 1024;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
