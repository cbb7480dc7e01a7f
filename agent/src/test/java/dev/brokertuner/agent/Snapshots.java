package dev.brokertuner.agent;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.CpuFrequency;
import dev.brokertuner.report.CpuUsage;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.RaidArray;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.report.TransparentHugePages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Test builders for {@link HostFacts} and {@link Snapshot}: start from an empty host, add only what a test is about.
 * {@code Snapshots.host(h -> h.sysctl("vm.swappiness", "60"))}.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** A snapshot of a host built by {@code spec}, with no broker. */
    public static Snapshot host(Consumer<HostBuilder> spec) {
        HostBuilder h = new HostBuilder();
        spec.accept(h);
        return new Snapshot(h.build(), BrokerFacts.notFound("no broker in this test"));
    }

    /** A snapshot of a host and a reachable broker. */
    public static Snapshot hostAndBroker(Consumer<HostBuilder> host, Consumer<BrokerBuilder> broker) {
        HostBuilder h = new HostBuilder();
        host.accept(h);
        BrokerBuilder b = new BrokerBuilder();
        broker.accept(b);
        return new Snapshot(h.build(), b.build());
    }

    /** Builds {@link HostFacts}. */
    public static final class HostBuilder {
        private String hostname = "kafka-test";
        private Integer cpus = 8;
        private Long memoryBytes = 32L << 30;
        private final List<Mount> mounts = new ArrayList<>();
        private final List<DataDir> dataDirs = new ArrayList<>();
        private final List<RaidArray> raid = new ArrayList<>();
        private final List<Disk> disks = new ArrayList<>();
        private final List<Nic> nics = new ArrayList<>();
        private final Map<String, String> sysctl = new LinkedHashMap<>();
        private int sampleSeconds;
        private Long swapTotalBytes;
        private TransparentHugePages thp;
        private CpuFrequency cpuFrequency;

        /** THP modes ({@code enabled}, {@code defrag}); unknown unless set. */
        public HostBuilder thp(String enabled, String defrag) {
            this.thp = new TransparentHugePages(enabled, defrag);
            return this;
        }

        /** cpufreq driver and governors; none (a VM) unless set. */
        public HostBuilder cpuFrequency(String driver, Map<String, Integer> governors) {
            this.cpuFrequency = new CpuFrequency(driver, governors);
            return this;
        }

        /** SwapTotal in bytes; unknown (null) unless set. */
        public HostBuilder swapTotalBytes(Long bytes) {
            this.swapTotalBytes = bytes;
            return this;
        }

        public HostBuilder hostname(String name) {
            this.hostname = name;
            return this;
        }

        public HostBuilder sysctl(String name, String value) {
            sysctl.put(name, value);
            return this;
        }

        public HostBuilder mount(Mount m) {
            mounts.add(m);
            return this;
        }

        /** A mount with comma-separated options; noatime derived from them. */
        public HostBuilder mount(String mountPoint, String device, String fsType, String options) {
            List<String> opts = List.of(options.split(","));
            return mount(new Mount(mountPoint, device, fsType, opts, opts.contains("noatime")));
        }

        public HostBuilder dataDir(DataDir d) {
            dataDirs.add(d);
            return this;
        }

        /** A data dir on an already added mount (fs type and noatime copied from it). */
        public HostBuilder dataDir(String path, String mountPoint, String raidName, String... devices) {
            Mount m = mounts.stream().filter(x -> x.mountPoint().equals(mountPoint)).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("add mount " + mountPoint + " first"));
            return dataDir(new DataDir(path, mountPoint, m.fsType(), m.noatime(), List.of(devices), raidName,
                    null, null));
        }

        public HostBuilder raid(RaidArray a) {
            raid.add(a);
            return this;
        }

        /** A healthy or degraded array without sync activity. */
        public HostBuilder raid(String name, String level, int raidDisks, int working, int failed) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < raidDisks; i++) {
                members.add("sd" + (char) ('a' + i) + "1");
            }
            return raid(new RaidArray(name, level, "active", raidDisks, working, failed, 0, working < raidDisks,
                    null, null, members));
        }

        public HostBuilder disk(Disk d) {
            disks.add(d);
            return this;
        }

        public HostBuilder nic(Nic n) {
            nics.add(n);
            return this;
        }

        /** An up, full-duplex NIC, not sampled. */
        public HostBuilder nic(String name, Long speedMbps) {
            return nic(new Nic(name, speedMbps, "full", 1500, "up", List.of(), null, null, null));
        }

        public HostBuilder cpus(Integer n) {
            this.cpus = n;
            return this;
        }

        /** A data dir with its filesystem size (statvfs total and usable bytes). */
        public HostBuilder dataDir(String path, String mountPoint, Long totalBytes, Long usableBytes,
                                   String... devices) {
            return dataDir(new DataDir(path, mountPoint, "xfs", true, List.of(devices), null, totalBytes,
                    usableBytes));
        }

        public HostBuilder sampleSeconds(int s) {
            this.sampleSeconds = s;
            return this;
        }

        public HostFacts build() {
            return new HostFacts(hostname, cpus, memoryBytes, mounts, dataDirs, raid, disks, nics, sysctl,
                    sampleSeconds, swapTotalBytes, thp, cpuFrequency);
        }
    }

    /** Builds an ok {@link BrokerFacts}. */
    public static final class BrokerBuilder {
        private BrokerProcess process;
        private Long partitionCount;
        private final Map<String, ConfigValue> configs = new LinkedHashMap<>();
        private final List<LogDirUsage> logDirs = new ArrayList<>();
        private final List<Peer> peers = new ArrayList<>();
        private Integer topicCount;
        private Long topicPartitionCount;
        private List<TopicFacts> topicFacts;
        private List<String> listeners = List.of("PLAINTEXT");
        private Integer nodeId = 1;
        private String processRoles = "broker";
        private String kafkaVersion = "4.3.1";
        private Double requestHandlerIdle;
        private Double networkProcessorIdle;
        private Double requestQueueSize;
        private Double bytesInPerSec;
        private Double replicationBytesInPerSec;
        private Double logFlushRatePerSec;
        private Double logFlushTimeMsP99;
        private Double produceLocalTimeMsP99;

        private boolean brokerPoolMeter;
        private Double metricsWindowSeconds;
        private Double effectiveCpus;
        private String effectiveCpusSource;
        private CpuUsage cpu;

        /** {@code BrokerRequestHandlerAvgIdlePercent} (KIP-1207, the broker pool alone) over the window. */
        public BrokerBuilder brokerPoolIdle(double ratio) {
            this.requestHandlerIdle = ratio;
            this.brokerPoolMeter = true;
            return this;
        }

        /** The broker process's effective CPUs and their source (a process with pid 4242 when none was set). */
        public BrokerBuilder effectiveCpus(double cpus, String source) {
            this.effectiveCpus = cpus;
            this.effectiveCpusSource = source;
            return this;
        }

        /** CPU use over a 5 s window: the broker's CPUs' busy and steal shares, and the CPUs the broker used. */
        public BrokerBuilder cpuUsage(Double busy, Double steal, Double processCpus) {
            return cpuUsage(busy, steal, processCpus, null);
        }

        /** As above, with the share of quota periods the broker's cgroup was throttled in. */
        public BrokerBuilder cpuUsage(Double busy, Double steal, Double processCpus, Double throttled) {
            this.cpu = new CpuUsage(5, 8, busy, steal, processCpus, throttled);
            return this;
        }

        /** {@code RequestHandlerAvgIdlePercent} over the window. */
        /** The seconds the JMX window spans ({@code windowSeconds}: longer than the sample when carried over). */
        public BrokerBuilder metricsWindowSeconds(double seconds) {
            this.metricsWindowSeconds = seconds;
            return this;
        }

        public BrokerBuilder ioIdle(double ratio) {
            this.requestHandlerIdle = ratio;
            return this;
        }

        /** {@code NetworkProcessorAvgIdlePercent}. */
        public BrokerBuilder networkIdle(double ratio) {
            this.networkProcessorIdle = ratio;
            return this;
        }

        public BrokerBuilder requestQueueSize(double n) {
            this.requestQueueSize = n;
            return this;
        }

        /** Client and replication bytes in per second. */
        public BrokerBuilder bytesIn(double clients, double replication) {
            this.bytesInPerSec = clients;
            this.replicationBytesInPerSec = replication;
            return this;
        }

        public BrokerBuilder logFlush(double ratePerSec, double p99Ms) {
            this.logFlushRatePerSec = ratePerSec;
            this.logFlushTimeMsP99 = p99Ms;
            return this;
        }

        /** Produce {@code LocalTimeMs} p99. */
        public BrokerBuilder produceLocalTimeP99(double ms) {
            this.produceLocalTimeMsP99 = ms;
            return this;
        }

        /** {@code process.roles}, e.g. {@code broker,controller} for KRaft combined mode. */
        public BrokerBuilder processRoles(String roles) {
            this.processRoles = roles;
            return this;
        }

        public BrokerBuilder kafkaVersion(String v) {
            this.kafkaVersion = v;
            return this;
        }

        public BrokerBuilder nodeId(Integer id) {
            this.nodeId = id;
            return this;
        }

        public BrokerBuilder listeners(String... names) {
            this.listeners = List.of(names);
            return this;
        }

        /** The cluster's topics and their partitions (as the lowest-id broker reads them). */
        public BrokerBuilder topics(int count, long partitions) {
            topicCount = count;
            topicPartitionCount = partitions;
            return this;
        }

        /**
         * A topic with replicas here, its bytes here and topic configs as {@code name=value} pairs (each reported as
         * a topic override, {@code DYNAMIC_TOPIC_CONFIG}).
         */
        public BrokerBuilder topic(String name, Long bytes, String... configs) {
            Map<String, ConfigValue> values = new LinkedHashMap<>();
            for (String c : configs) {
                int eq = c.indexOf('=');
                values.put(c.substring(0, eq), new ConfigValue(c.substring(eq + 1), "DYNAMIC_TOPIC_CONFIG", false));
            }
            if (topicFacts == null) {
                topicFacts = new ArrayList<>();
            }
            topicFacts.add(new TopicFacts(name, bytes, values));
            return this;
        }

        /** A peer broker with its measured connect round trip. */
        public BrokerBuilder peer(int nodeId, Double rttMillis) {
            peers.add(new Peer(nodeId, "kafka-" + nodeId, 9092, rttMillis));
            return this;
        }

        /** A config with its describeConfigs source and read-only flag. */
        public BrokerBuilder config(String name, String value, String source, boolean readOnly) {
            configs.put(name, new ConfigValue(value, source, readOnly));
            return this;
        }

        /** A dynamic config as describeConfigs reports it (not read-only). */
        public BrokerBuilder dynamicConfig(String name, String value, String source) {
            return config(name, value, source, false);
        }

        /** A data dir with its bytes and the mount's capacity as describeLogDirs reports them. */
        public BrokerBuilder logDir(String path, Long bytes, Long totalBytes, Long usableBytes) {
            logDirs.add(new LogDirUsage(path, bytes, totalBytes, usableBytes, null));
            return this;
        }

        public BrokerBuilder process(long pid, Long openFilesLimit, Long openFiles, Long mapCount) {
            this.process = new BrokerProcess(pid, "kafka", 1L << 30, openFilesLimit, openFiles, mapCount);
            return this;
        }

        public BrokerBuilder partitionCount(long n) {
            this.partitionCount = n;
            return this;
        }

        public BrokerBuilder config(String name, String value) {
            configs.put(name, new ConfigValue(value, "STATIC_BROKER_CONFIG", true));
            return this;
        }

        public BrokerBuilder logDir(String path, long bytes) {
            logDirs.add(new LogDirUsage(path, bytes, null, null, null));
            return this;
        }

        /** A data dir's bytes as {@code describeLogDirs} gave them at {@code readAt} (a carried read keeps it). */
        public BrokerBuilder logDir(String path, long bytes, java.time.Instant readAt) {
            logDirs.add(new LogDirUsage(path, bytes, null, null, null, readAt));
            return this;
        }

        public BrokerFacts build() {
            BrokerMetrics m = BrokerMetrics.empty();
            BrokerMetrics metrics = new BrokerMetrics(requestHandlerIdle, networkProcessorIdle,
                    requestQueueSize, m.responseQueueSize(), bytesInPerSec, m.bytesOutPerSec(),
                    m.messagesInPerSec(), replicationBytesInPerSec, m.replicationBytesOutPerSec(),
                    m.produceTotalTimeMsP50(), m.produceTotalTimeMsP99(), m.produceRequestQueueTimeMsP99(),
                    produceLocalTimeMsP99, m.produceRemoteTimeMsP99(), m.produceResponseQueueTimeMsP99(),
                    m.produceResponseSendTimeMsP99(), m.fetchConsumerTotalTimeMsP50(),
                    m.fetchConsumerTotalTimeMsP99(), m.fetchConsumerRequestQueueTimeMsP99(),
                    m.fetchFollowerTotalTimeMsP50(), m.fetchFollowerTotalTimeMsP99(),
                    m.fetchFollowerRequestQueueTimeMsP99(), logFlushRatePerSec, logFlushTimeMsP99,
                    partitionCount, m.leaderCount(), m.underReplicatedPartitions(), m.offlineLogDirectoryCount(),
                    m.isrShrinksPerSec(), null, null, null, null, null, null, null, null);
            if (brokerPoolMeter) {
                metrics = metrics.withBrokerRequestHandlerIdleRatio(requestHandlerIdle);
            }
            metrics = metrics.withWindowSeconds(metricsWindowSeconds);
            BrokerProcess process = this.process;
            if (effectiveCpus != null || cpu != null) {
                BrokerProcess p = process == null ? new BrokerProcess(4242, "kafka", 1L << 30, null, null, null)
                        : process;
                process = new BrokerProcess(p.pid(), p.user(), p.heapMaxBytes(), p.openFilesLimit(), p.openFiles(),
                        p.mapCount(), effectiveCpus, effectiveCpusSource, cpu);
            }
            return new BrokerFacts(BrokerStatus.OK, null, null, process, nodeId, processRoles, "cluster-1",
                    kafkaVersion, "localhost:9999", "localhost:9092", listeners, 5L, metrics, configs, logDirs,
                    peers, null, topicCount, topicPartitionCount, topicFacts);
        }
    }
}
