package dev.brokertuner.agent.daemon.config;

import dev.brokertuner.agent.rules.RuleSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent daemon's configuration ({@code /etc/broker-tuner/agent.yaml}), every key optional. See
 * {@code docs/config.md} for each key and its default.
 *
 * @param source           the file it was read from, null when defaults were used
 * @param listenHost       REST API address (default 127.0.0.1)
 * @param listenPort       REST API port (default 9797; 0 picks a free port)
 * @param procfs           root standing for /proc
 * @param sysfs            root standing for /sys
 * @param logDirs          Kafka data dirs; empty = the broker's log.dirs, else every disk-backed mount
 * @param serverProperties the broker's server.properties, null = discover
 * @param intervalSeconds  seconds between gatherings
 * @param sampleSeconds    sample window inside each gathering
 * @param brokerEnabled    false skips the broker side
 * @param jmx              JMX endpoint settings
 * @param bootstrapServers AdminClient bootstrap, null = discover
 * @param adminConfig      AdminClient properties file (SASL/TLS), null = none
 * @param collector        delivery settings, null when no collector is configured
 * @param rules            per-rule settings by rule id
 * @param clusterAlias     operator's cluster name
 * @param tags             operator's labels
 * @param nicSpeeds        operator-declared NIC speeds in Mb/s by interface ({@code nics:}), used where the kernel
 *                         reports none
 * @param stateDir         where the daemon keeps what must survive a restart (the broker's last-known cluster id);
 *                         null = the outbox dir when a collector is configured, else memory only
 * @param allowedHosts     more {@code Host} names the API answers to besides its listen names (e.g. the name a
 *                         Prometheus scrapes it by); empty by default
 * @param workload         how much of the broker's workload each gathering reads ({@code workload:})
 * @param logDirsSeconds   the least seconds between two {@code describeLogDirs} calls ({@code broker.logDirsSeconds},
 *                         default 120; 0 = every gathering); the last read is carried between, a change reads sooner
 */
public record AgentConfig(Path source, String listenHost, int listenPort, Path procfs, Path sysfs,
                          List<String> logDirs, Path serverProperties, int intervalSeconds, int sampleSeconds,
                          boolean brokerEnabled, Jmx jmx, String bootstrapServers, Path adminConfig,
                          Collector collector, Map<String, RuleSetting> rules, String clusterAlias,
                          Map<String, String> tags, Map<String, Long> nicSpeeds, Path stateDir,
                          List<String> allowedHosts, WorkloadConfig workload, int logDirsSeconds) {
    /** With the default period between log-dir reads. */
    public AgentConfig(Path source, String listenHost, int listenPort, Path procfs, Path sysfs,
                       List<String> logDirs, Path serverProperties, int intervalSeconds, int sampleSeconds,
                       boolean brokerEnabled, Jmx jmx, String bootstrapServers, Path adminConfig,
                       Collector collector, Map<String, RuleSetting> rules, String clusterAlias,
                       Map<String, String> tags, Map<String, Long> nicSpeeds, Path stateDir,
                       List<String> allowedHosts, WorkloadConfig workload) {
        this(source, listenHost, listenPort, procfs, sysfs, logDirs, serverProperties, intervalSeconds,
                sampleSeconds, brokerEnabled, jmx, bootstrapServers, adminConfig, collector, rules, clusterAlias,
                tags, nicSpeeds, stateDir, allowedHosts, workload,
                (int) dev.brokertuner.agent.broker.AdminReader.LOG_DIRS_PERIOD.toSeconds());
    }

    /** With the default workload bounds. */
    public AgentConfig(Path source, String listenHost, int listenPort, Path procfs, Path sysfs,
                       List<String> logDirs, Path serverProperties, int intervalSeconds, int sampleSeconds,
                       boolean brokerEnabled, Jmx jmx, String bootstrapServers, Path adminConfig,
                       Collector collector, Map<String, RuleSetting> rules, String clusterAlias,
                       Map<String, String> tags, Map<String, Long> nicSpeeds, Path stateDir,
                       List<String> allowedHosts) {
        this(source, listenHost, listenPort, procfs, sysfs, logDirs, serverProperties, intervalSeconds,
                sampleSeconds, brokerEnabled, jmx, bootstrapServers, adminConfig, collector, rules, clusterAlias,
                tags, nicSpeeds, stateDir, allowedHosts, null);
    }

    /** Without declared NIC speeds, a state dir of its own or more Host names. */
    public AgentConfig(Path source, String listenHost, int listenPort, Path procfs, Path sysfs,
                       List<String> logDirs, Path serverProperties, int intervalSeconds, int sampleSeconds,
                       boolean brokerEnabled, Jmx jmx, String bootstrapServers, Path adminConfig,
                       Collector collector, Map<String, RuleSetting> rules, String clusterAlias,
                       Map<String, String> tags) {
        this(source, listenHost, listenPort, procfs, sysfs, logDirs, serverProperties, intervalSeconds,
                sampleSeconds, brokerEnabled, jmx, bootstrapServers, adminConfig, collector, rules, clusterAlias,
                tags, Map.of(), null, List.of());
    }

    /** Where state survives restarts: {@code stateDir}, else the outbox dir, else nowhere (null). */
    public Path effectiveStateDir() {
        return stateDir != null ? stateDir : collector == null ? null : collector.outboxDir();
    }

    public AgentConfig {
        nicSpeeds = nicSpeeds == null ? Map.of() : Map.copyOf(nicSpeeds);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        workload = workload == null ? WorkloadConfig.defaults() : workload;
        logDirs = List.copyOf(logDirs);
        rules = Map.copyOf(rules);
        tags = Map.copyOf(tags);
    }

    /**
     * JMX endpoint overrides.
     *
     * @param url          host:port or service:jmx: URL, null = discover
     * @param user         JMX user, null = none
     * @param passwordFile file holding the password
     */
    public record Jmx(String url, String user, Path passwordFile) {
    }

    /**
     * Where reports go.
     *
     * @param url              collector base URL, e.g. {@code https://collector:9798}
     * @param token            bearer token read from {@code tokenFile}
     * @param tokenFile        where the token came from
     * @param outboxDir        durable queue directory
     * @param outboxMaxReports most reports queued before the oldest is dropped
     * @param outboxMaxBytes   most bytes queued before the oldest is dropped
     * @param kafka            delivery to a Kafka topic instead of (or before) the URL, null when not configured
     */
    public record Collector(String url, String token, Path tokenFile, Path outboxDir, int outboxMaxReports,
                            long outboxMaxBytes, Kafka kafka) {
        /** HTTP delivery only. */
        public Collector(String url, String token, Path tokenFile, Path outboxDir, int outboxMaxReports,
                         long outboxMaxBytes) {
            this(url, token, tokenFile, outboxDir, outboxMaxReports, outboxMaxBytes, null);
        }

        /** Where reports go, for the start line. */
        public String describe() {
            if (kafka == null) {
                return url;
            }
            return "kafka topic " + kafka.topic() + " on " + kafka.bootstrapServers()
                    + (url == null ? "" : ", falling back to " + url + " after " + kafka.fallbackAfterSeconds() + " s");
        }

        @Override
        public String toString() {
            return "Collector[url=" + url + ", tokenFile=" + tokenFile + ", outboxDir=" + outboxDir + ", kafka="
                    + kafka + "]";
        }
    }

    /**
     * {@code collector.kafka}: reports produced to a topic that collectors consume as one group.
     *
     * @param bootstrapServers     the cluster to produce to (default: the agent's own {@code bootstrapServers})
     * @param topic                the reports topic (default {@code broker-tuner.reports})
     * @param config               producer properties file (SASL/TLS), null = none (default: {@code adminConfig}
     *                             when the bootstrap servers are the agent's own)
     * @param fallbackAfterSeconds with {@code url} also set: after this long without a successful produce, deliver
     *                             over HTTPS until the cluster is back
     */
    public record Kafka(String bootstrapServers, String topic, Path config, int fallbackAfterSeconds) {
    }
}
