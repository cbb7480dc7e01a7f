package dev.brokertuner.agent.broker;

import dev.brokertuner.report.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network configs a {@code server.properties} declares, for when the broker itself is not read
 * ({@code --no-broker}): its listeners (to place them on interfaces) and its socket buffers and listen backlog (to
 * judge the kernel's limits). Each is a {@link ConfigValue} with source {@link #SOURCE}, so no one mistakes it for a
 * live value. Keys the file does not set are absent (Kafka's default then applies, which is not assumed here).
 */
public final class DeclaredConfigs {
    /** The source given to values read from the file. */
    public static final String SOURCE = "SERVER_PROPERTIES";
    static final List<String> KEYS = List.of("listeners", "advertised.listeners", "controller.listener.names",
            "socket.send.buffer.bytes", "socket.receive.buffer.bytes", "replica.socket.receive.buffer.bytes",
            "socket.listen.backlog.size");

    private DeclaredConfigs() {
    }

    /** The declared values of {@link #KEYS}. */
    public static Map<String, ConfigValue> of(ServerProperties file) {
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            file.get(key).ifPresent(v -> out.put(key, new ConfigValue(v, SOURCE, true)));
        }
        return out;
    }
}
