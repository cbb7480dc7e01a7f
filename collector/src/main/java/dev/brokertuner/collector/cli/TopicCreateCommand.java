package dev.brokertuner.collector.cli;

import dev.brokertuner.collector.transport.KafkaIngestConfig;
import dev.brokertuner.collector.transport.ReportsTopic;
import dev.brokertuner.collector.transport.TopicOutcome;
import dev.brokertuner.collector.transport.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker-tuner-collector topic create}: creates the reports topic with the right settings, or says that it
 * exists and how its settings differ; changes nothing on an existing topic.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create the reports topic (partitions, replication, retention of a few days, "
                + "min.insync.replicas 2 with 3+ replicas, compression.type producer); an existing topic is "
                + "checked, not changed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:created, or exists with these settings", "2:exists with other settings (listed)",
                "1:the cluster could not be reached or refused", "64:bad arguments"})
public final class TopicCreateCommand implements Callable<Integer> {
    static final int DIFFERS = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT[,...]",
            description = "The cluster to create the topic in.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = KafkaIngestConfig.DEFAULT_TOPIC,
            description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + TopicSpec.DEFAULT_PARTITIONS,
            description = "Default: ${DEFAULT-VALUE} (at most this many collectors share the load).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "" + TopicSpec.DEFAULT_REPLICATION,
            description = "Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(names = "--retention-hours", paramLabel = "H", defaultValue = "" + TopicSpec.DEFAULT_RETENTION_HOURS,
            description = "Default: ${DEFAULT-VALUE}.")
    int retentionHours;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "AdminClient properties (SASL/TLS), as for Kafka's own tools.")
    Path commandConfig;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TopicSpec want;
        try {
            want = new TopicSpec(topic, partitions, replicationFactor, retentionHours);
        } catch (IllegalArgumentException e) {
            err.println("broker-tuner-collector topic create: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Properties p = new Properties();
        if (commandConfig != null) {
            try (InputStream in = Files.newInputStream(commandConfig)) {
                p.load(in);
            } catch (IOException e) {
                err.println("broker-tuner-collector topic create: cannot read --command-config " + commandConfig
                        + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "broker-tuner-collector-topic");
        p.put("request.timeout.ms", "15000");
        p.put("default.api.timeout.ms", "30000");
        TopicOutcome outcome;
        try (Admin admin = Admin.create(p)) {
            outcome = new ReportsTopic(admin).ensure(want);
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("broker-tuner-collector topic create: " + e.getMessage());
            return ExitCodes.SOFTWARE;
        }
        if (outcome instanceof TopicOutcome.Created c) {
            out.println("created topic " + want.name() + ": " + want.partitions() + " partitions, replication factor "
                    + want.replicationFactor() + ", " + want.configs());
            out.flush();
            return ExitCodes.OK;
        }
        if (outcome instanceof TopicOutcome.Exists e) {
            if (e.differences().isEmpty()) {
                out.println("topic " + want.name() + " exists with these settings; nothing to do");
                out.flush();
                return ExitCodes.OK;
            }
            out.println("topic " + want.name() + " exists; left unchanged, but its settings differ:");
            e.differences().forEach(d -> out.println("  " + d));
            out.flush();
            return DIFFERS;
        }
        err.println("broker-tuner-collector topic create: " + ((TopicOutcome.Failed) outcome).reason());
        return ExitCodes.SOFTWARE;
    }
}
