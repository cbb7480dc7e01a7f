package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the broker's live configs ({@code describeConfigs}) and writes the lines that change them: a
 * {@code kafka-configs.sh} command for dynamic configs, {@code server.properties} lines and a rolling restart for
 * read-only ones. A config the agent did not read is empty, never its Kafka default.
 */
final class BrokerConfigs {
    /** {@code describeConfigs} source of a value nobody set. */
    static final String DEFAULT_SOURCE = "DEFAULT_CONFIG";

    private BrokerConfigs() {
    }

    /** The config's value as a whole number. */
    static OptionalLong longValue(BrokerFacts broker, String name) {
        return broker.config(name).map(c -> Units.parseLong(c.value())).orElse(OptionalLong.empty());
    }

    /** The config, when read. */
    static Optional<ConfigValue> get(BrokerFacts broker, String name) {
        return broker.config(name);
    }

    /** True when the broker names both roles in {@code process.roles} (KRaft combined mode). */
    static boolean combinedMode(BrokerFacts broker) {
        if (broker.processRoles() == null) {
            return false;
        }
        Set<String> roles = Arrays.stream(broker.processRoles().split(",")).map(s -> s.trim()
                .toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return roles.contains("broker") && roles.contains("controller");
    }

    /**
     * The data-plane listener names: {@link BrokerFacts#listeners()} when the gatherer filled it, else the names in
     * the {@code listeners} config minus {@code controller.listener.names}. Empty when neither is known.
     */
    static List<String> dataPlaneListeners(BrokerFacts broker) {
        if (!broker.listeners().isEmpty()) {
            return broker.listeners();
        }
        Optional<ConfigValue> listeners = broker.config("listeners");
        if (listeners.isEmpty() || listeners.get().value() == null || listeners.get().value().isBlank()) {
            return List.of();
        }
        Set<String> controller = broker.config("controller.listener.names").map(ConfigValue::value)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).collect(Collectors.toSet()))
                .orElse(Set.of());
        List<String> names = new ArrayList<>();
        for (String entry : listeners.get().value().split(",")) {
            int sep = entry.indexOf("://");
            String name = (sep < 0 ? entry : entry.substring(0, sep)).trim();
            if (!name.isEmpty() && !controller.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The comment that says how to authenticate the {@code kafka-*.sh} tools, once per finding: on a SASL/TLS cluster
     * they need {@code --command-config}, and the agent's own {@code --admin-config} file has the right properties.
     */
    static final String COMMAND_CONFIG_NOTE = "# on a SASL/TLS cluster add --command-config <client.properties> to "
            + "every kafka-*.sh command below (the agent's own --admin-config file works)";

    /**
     * {@code apply} with {@link #COMMAND_CONFIG_NOTE} first when any line runs a Kafka command-line tool against the
     * cluster ({@code kafka-*.sh --bootstrap-server}), and unchanged otherwise or when the note is already there.
     */
    static List<String> withCommandConfigNote(List<String> apply) {
        boolean tool = apply.stream().anyMatch(l -> l.matches(".*\\bkafka-[a-z-]+\\.sh --bootstrap-server.*"));
        if (!tool || apply.contains(COMMAND_CONFIG_NOTE)) {
            return apply;
        }
        List<String> lines = new ArrayList<>(apply.size() + 1);
        lines.add(COMMAND_CONFIG_NOTE);
        lines.addAll(apply);
        return lines;
    }

    /** {@code localhost:9092}, or a placeholder when the agent did not use AdminClient. */
    static String bootstrap(BrokerFacts broker) {
        return broker.bootstrap() == null || broker.bootstrap().isBlank() ? "<bootstrap-server>" : broker.bootstrap();
    }

    /** {@code 1}, or a placeholder when the node id is unknown. */
    static String nodeId(BrokerFacts broker) {
        return broker.nodeId() == null ? "<node.id>" : String.valueOf(broker.nodeId());
    }

    /** {@code kafka-configs.sh --bootstrap-server B} and the entity, every part a quoted word. */
    private static Cmd configs(BrokerFacts broker) {
        return Cmd.of("kafka-configs.sh", "--bootstrap-server", bootstrap(broker));
    }

    /** The command that sets {@code name=value} on this broker, live. */
    static String alterBroker(BrokerFacts broker, String name, String value) {
        return configs(broker).args("--entity-type", "brokers", "--entity-name", nodeId(broker), "--alter",
                "--add-config", name + "=" + value).line();
    }

    /** The command that removes a dynamic per-broker value of {@code name}. */
    static String deleteBroker(BrokerFacts broker, String name) {
        return configs(broker).args("--entity-type", "brokers", "--entity-name", nodeId(broker), "--alter",
                "--delete-config", name).line();
    }

    /** The command that removes the cluster-wide dynamic default of {@code name}. */
    static String deleteDefault(BrokerFacts broker, String name) {
        return configs(broker).args("--entity-type", "brokers", "--entity-default", "--alter", "--delete-config", name)
                .line();
    }

    /** The command that sets {@code settings} (already {@code k=v,k=v}) on one topic, live. */
    static String alterTopic(BrokerFacts broker, String topic, String settings) {
        return configs(broker).args("--entity-type", "topics", "--entity-name", topic, "--alter", "--add-config",
                settings).line();
    }

    /**
     * The lines that set read-only configs: a comment saying how, the {@code server.properties} lines (as comments:
     * they go into the file, not the shell), and the rolling restart.
     */
    static List<String> rollingRestart(List<String> propertiesLines) {
        List<String> lines = new ArrayList<>();
        lines.add("# read-only config (a broker restart applies it): set in server.properties on every broker,");
        lines.add("# then restart the brokers one at a time, waiting for UnderReplicatedPartitions = 0 in between");
        propertiesLines.forEach(l -> lines.add(property(l)));
        return lines;
    }

    /** A {@code server.properties} line as the plan shows it: {@code #   name=value}, sanitized. */
    static String property(String propertiesLine) {
        return Shell.comment("  " + propertiesLine);
    }

    /**
     * Lines that set {@code name} to {@code value}: a live {@code kafka-configs.sh} command when the broker says the
     * config is dynamic, else {@code server.properties} and a rolling restart.
     */
    static List<String> set(BrokerFacts broker, ConfigValue current, String name, String value) {
        if (current != null && !current.readOnly()) {
            return List.of(alterBroker(broker, name, value));
        }
        return rollingRestart(List.of(name + "=" + value));
    }
}
