package dev.brokertuner.agent.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The broker's static configuration as the agent sees it before asking the broker: {@code server.properties} with the
 * command line's {@code --override}s applied, and what follows from it (node id, roles, data-plane listeners, a
 * bootstrap address for AdminClient). Pure.
 */
public record BrokerConfigFile(ServerProperties properties) {

    /** Properties with overrides applied (overrides win, as in {@code kafka.Kafka}). */
    public static BrokerConfigFile of(ServerProperties file, Map<String, String> overrides) {
        Properties p = new Properties();
        if (file != null) {
            p.putAll(file.properties());
        }
        p.putAll(overrides);
        return new BrokerConfigFile(new ServerProperties(p));
    }

    /** {@code node.id}, else {@code broker.id}. */
    public Optional<Integer> nodeId() {
        return properties.get("node.id").or(() -> properties.get("broker.id")).flatMap(v -> {
            try {
                int id = Integer.parseInt(v);
                return id >= 0 ? Optional.of(id) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code process.roles}, e.g. {@code broker,controller}. */
    public Optional<String> processRoles() {
        return properties.get("process.roles").map(v -> v.replace(" ", ""));
    }

    /** True when the node is also a KRaft controller. */
    public boolean controller() {
        return processRoles().map(r -> Arrays.asList(r.split(",")).contains("controller")).orElse(false);
    }

    /** {@code controller.listener.names}. */
    public Set<String> controllerListeners() {
        return properties.get("controller.listener.names")
                .map(v -> new LinkedHashSet<>(split(v)))
                .map(s -> (Set<String>) s).orElse(Set.of());
    }

    /** Data-plane listener names from {@code listeners} (controller listeners left out). */
    public List<String> listenerNames() {
        List<String> names = new ArrayList<>();
        for (String l : properties.get("listeners").map(BrokerConfigFile::split).orElse(List.of())) {
            int sep = l.indexOf("://");
            if (sep > 0) {
                String name = l.substring(0, sep).toUpperCase(Locale.ROOT);
                if (!controllerListeners().contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * A bootstrap address for AdminClient: the first data-plane listener of {@code advertised.listeners}, else of
     * {@code listeners}; a wildcard or empty host becomes {@code 127.0.0.1} (the agent runs on the broker's host).
     */
    public Optional<String> bootstrap() {
        return bootstrapListener().map(l -> l[1]);
    }

    /**
     * The security protocol of the bootstrap listener: from {@code listener.security.protocol.map}, else the
     * listener's name when it is a protocol name ({@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT},
     * {@code SASL_SSL}).
     */
    public Optional<String> bootstrapProtocol() {
        return bootstrapListener().flatMap(l -> {
            for (String pair : properties.get("listener.security.protocol.map").map(BrokerConfigFile::split)
                    .orElse(List.of())) {
                int colon = pair.indexOf(':');
                if (colon > 0 && pair.substring(0, colon).trim().equalsIgnoreCase(l[0])) {
                    return Optional.of(pair.substring(colon + 1).trim().toUpperCase(Locale.ROOT));
                }
            }
            return Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(l[0])
                    ? Optional.of(l[0]) : Optional.empty();
        });
    }

    /** {listener name, host:port} of the bootstrap listener. */
    private Optional<String[]> bootstrapListener() {
        for (String key : List.of("advertised.listeners", "listeners")) {
            for (String l : properties.get(key).map(BrokerConfigFile::split).orElse(List.of())) {
                int sep = l.indexOf("://");
                if (sep <= 0) {
                    continue;
                }
                String name = l.substring(0, sep).toUpperCase(Locale.ROOT);
                if (controllerListeners().contains(name)) {
                    continue;
                }
                String hostPort = l.substring(sep + 3);
                int colon = hostPort.lastIndexOf(':');
                if (colon < 0) {
                    continue;
                }
                String host = hostPort.substring(0, colon);
                String port = hostPort.substring(colon + 1);
                if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
                    host = "127.0.0.1";
                }
                return Optional.of(new String[] {name, host + ":" + port});
            }
        }
        return Optional.empty();
    }

    /** {@code log.dirs}, else {@code log.dir}. */
    public List<String> logDirs() {
        return properties.logDirs();
    }

    private static List<String> split(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
