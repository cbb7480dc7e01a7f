package dev.brokertuner.e2e;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic broker reports for the e2e tests (a copy of the collector tests' builder): one builder, tuned by setters. */
public final class FleetReports {
    private String hostname = "kafka-a01";
    private String clusterId = "c-prod";
    private String alias = "prod";
    private int nodeId = 1;
    private boolean relatime;
    private long nicMbps = 25_000;
    private double bytesIn = 20e6;
    private double bytesOut = 40e6;
    private String swappiness = "1";
    private String reportId = UUID.randomUUID().toString();
    private Instant generatedAt = Instant.parse("2026-11-25T10:00:00Z");
    private boolean brokerOk = true;

    public static FleetReports broker(String hostname, int nodeId) {
        FleetReports r = new FleetReports();
        r.hostname = hostname;
        r.nodeId = nodeId;
        return r;
    }

    public FleetReports cluster(String id, String alias) {
        this.clusterId = id;
        this.alias = alias;
        return this;
    }

    public FleetReports relatime() {
        this.relatime = true;
        return this;
    }

    public FleetReports nicMbps(long mbps) {
        this.nicMbps = mbps;
        return this;
    }

    public FleetReports throughput(double in, double out) {
        this.bytesIn = in;
        this.bytesOut = out;
        return this;
    }

    public FleetReports swappiness(String v) {
        this.swappiness = v;
        return this;
    }

    public FleetReports id(String id) {
        this.reportId = id;
        return this;
    }

    public FleetReports at(Instant t) {
        this.generatedAt = t;
        return this;
    }

    public FleetReports brokerDown() {
        this.brokerOk = false;
        return this;
    }

    /** The broker is down, and the agent remembers the cluster id it last read from it. */
    public FleetReports brokerDownLastKnown(String clusterId) {
        this.brokerOk = false;
        this.lastKnownClusterId = clusterId;
        return this;
    }

    private String lastKnownClusterId;

    public Report build() {
        String opts = relatime ? "relatime" : "noatime";
        var host = new HostFacts(hostname, 16, 64L << 30,
                List.of(new Mount("/", "/dev/sda1", "ext4", List.of("rw", "relatime"), false),
                        new Mount("/data", "/dev/md0", "xfs", List.of("rw", opts), !relatime)),
                List.of(new DataDir("/data/kafka", "/data", "xfs", !relatime, List.of("nvme0n1", "nvme1n1"), "md0",
                        4_000_000_000_000L, 2_500_000_000_000L)),
                List.of(new RaidArray("md0", "raid10", "active", 4, 4, 0, 0, false, null, null,
                        List.of("nvme0n1", "nvme1n1", "nvme2n1", "nvme3n1"))),
                List.of(new Disk("nvme0n1", false, 2_000_000_000_000L, "none", 5e6, 20e6, 0.12)),
                List.of(new Nic("eth0", nicMbps, "full", 9000, "up", List.of(), bytesIn, bytesOut,
                        Math.max(bytesIn, bytesOut) * 8 / (nicMbps * 1e6))),
                sysctl(), 5, 0L);
        List<Finding> findings = new ArrayList<>();
        if (relatime) {
            findings.add(new Finding("host.fs.noatime", Severity.WARNING, "mount /data (/data/kafka)", "relatime",
                    "noatime", "Every read updates atime; Kafka documentation recommends noatime.",
                    Map.of("mountPoint", "/data"), List.of("/dev/md0 /data xfs rw,noatime 0 2",
                    "mount -o remount,noatime /data")));
        }
        if (!"1".equals(swappiness)) {
            findings.add(new Finding("host.vm.swappiness", Severity.WARNING, "vm.swappiness", swappiness, "1",
                    "Swapping out broker heap stalls request handlers.", Map.of("vm.swappiness", swappiness),
                    List.of("sysctl -w vm.swappiness=1", "echo 'vm.swappiness=1' > /etc/sysctl.d/60-kafka.conf")));
        }
        if (nicMbps < 25_000) {
            findings.add(new Finding("host.nic.speed", Severity.INFO, "nic eth0", nicMbps + " Mb/s", "25000 Mb/s",
                    "Slower than its peers.", Map.of("speedMbps", String.valueOf(nicMbps)), List.of()));
        }
        BrokerFacts broker = brokerOk ? new BrokerFacts(BrokerStatus.OK, null, null,
                new BrokerProcess(4242, "kafka", 6L << 30, 100_000L, 2_000L, 9_000L), nodeId, "broker", clusterId,
                "4.3.1", "localhost:9999", "localhost:9092", List.of("PLAINTEXT"), 40L, metrics(),
                configs(), List.of(new LogDirUsage("/data/kafka", 1_000_000_000L, 4_000_000_000_000L,
                2_500_000_000_000L, null)), List.of(), 1, null, null)
                : new BrokerFacts(BrokerStatus.UNREACHABLE, "JMX connection refused", generatedAt, null, null, null,
                null, null, "localhost:9999", null, null, null, null, null, null, null, null, null, null,
                lastKnownClusterId, lastKnownClusterId == null ? null : "4.3.1",
                lastKnownClusterId == null ? null : generatedAt.minusSeconds(60));
        return new Report(Report.SCHEMA_VERSION, reportId, generatedAt, "0.1.0", alias, Map.of("dc", "eu1"), host,
                broker, findings, List.of(new Check("host.vm.max_map_count", "vm.max_map_count", CheckStatus.OK,
                "262144")), List.of());
    }

    private Map<String, String> sysctl() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("vm.swappiness", swappiness);
        s.put("vm.max_map_count", "262144");
        s.put("net.core.rmem_max", "16777216");
        s.put("net.core.wmem_max", "16777216");
        return s;
    }

    private BrokerMetrics metrics() {
        return new BrokerMetrics(0.7, 0.8, 0.0, 0.0, bytesIn, bytesOut, 20_000.0, 10e6, 10e6, 2.0, 12.0, 0.1, 1.0,
                5.0, 0.1, 0.2, 3.0, 400.0, 0.1, 1.0, 500.0, 0.1, 0.0, 0.0, 1200L, 400L, 0L, 0L, 0.0,
                0.5, 350.0, 0.01, 0.3, 0.4, 450.0, 0.01, 0.2);
    }

    private static Map<String, ConfigValue> configs() {
        Map<String, ConfigValue> c = new LinkedHashMap<>();
        c.put("num.io.threads", new ConfigValue("16", "STATIC_BROKER_CONFIG", true));
        c.put("num.network.threads", new ConfigValue("8", "STATIC_BROKER_CONFIG", true));
        c.put("socket.send.buffer.bytes", new ConfigValue("1048576", "STATIC_BROKER_CONFIG", true));
        c.put("socket.receive.buffer.bytes", new ConfigValue("1048576", "STATIC_BROKER_CONFIG", true));
        return c;
    }
}
