package dev.brokertuner.agent.broker;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Command-line overrides of what broker discovery finds (a picocli mixin shared by {@code inspect}; the daemon maps
 * its YAML config onto the same fields). Every field is optional: null means "discover".
 */
public final class BrokerOptions {
    @Option(names = "--server-properties", paramLabel = "FILE",
            description = "The broker's server.properties (log.dirs, listeners, node.id); also picks the broker when "
                    + "several run here. Default: from the broker's command line.")
    public Path serverProperties;

    @Option(names = "--jmx", paramLabel = "HOST:PORT|URL",
            description = "Broker JMX endpoint, host:port or a service:jmx: URL. Default: the broker's "
                    + "-Dcom.sun.management.jmxremote.port, else attach to its pid (as the broker's user).")
    public String jmx;

    @Option(names = "--jmx-user", paramLabel = "USER", description = "JMX user name.")
    public String jmxUser;

    @Option(names = "--jmx-password-file", paramLabel = "FILE", description = "File holding the JMX password.")
    public Path jmxPasswordFile;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT[,...]",
            description = "Bootstrap servers for AdminClient. Default: the broker's first listener.")
    public String bootstrapServer;

    @Option(names = "--admin-config", paramLabel = "FILE",
            description = "Client properties for AdminClient (SASL/TLS).")
    public Path adminConfig;

    @Option(names = "--top-topics", paramLabel = "K",
            description = "The busiest topics whose meters, configs and record batches are read (default: 20).")
    public int topTopics = dev.brokertuner.agent.workload.ProducerWorkload.DEFAULT_TOP_TOPICS;

    @Option(names = "--batch-budget-bytes", paramLabel = "BYTES",
            description = "Most bytes of log segments read per gathering for batch headers (default: 2097152).")
    public long batchBudgetBytes = dev.brokertuner.agent.workload.BatchSampler.DEFAULT_BUDGET;

    /**
     * How often a top topic's per-topic meters are read, in seconds ({@code workload.topicMetersSeconds}; the daemon
     * sets it from its config, {@code inspect} gathers once and reads them all).
     */
    public int topicMetersSeconds = dev.brokertuner.agent.workload.MeterCadence.DEFAULT_SECONDS;

    /**
     * The least seconds between two {@code describeLogDirs} calls (the daemon's {@code broker.logDirsSeconds}); the
     * last read is carried between, and a change (broker process, partition count, offline dirs, data dirs, topics)
     * reads sooner. {@code inspect} reads once anyway.
     */
    public int logDirsSeconds = (int) AdminReader.LOG_DIRS_PERIOD.toSeconds();

    @Option(names = "--no-broker", description = "Skip the broker side: host facts and host rules only.")
    public boolean noBroker;

    /** What is wrong with the workload bounds given, empty when they are in range. */
    public java.util.List<String> problems() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (topTopics < 1 || topTopics > dev.brokertuner.agent.workload.ProducerWorkload.MAX_TOP_TOPICS) {
            out.add("--top-topics " + topTopics + " is out of range 1-"
                    + dev.brokertuner.agent.workload.ProducerWorkload.MAX_TOP_TOPICS);
        }
        if (batchBudgetBytes < dev.brokertuner.agent.workload.ProducerWorkload.MIN_BUDGET
                || batchBudgetBytes > dev.brokertuner.agent.workload.ProducerWorkload.MAX_BUDGET) {
            out.add("--batch-budget-bytes " + batchBudgetBytes + " is out of range "
                    + dev.brokertuner.agent.workload.ProducerWorkload.MIN_BUDGET + "-"
                    + dev.brokertuner.agent.workload.ProducerWorkload.MAX_BUDGET);
        }
        return out;
    }
}
