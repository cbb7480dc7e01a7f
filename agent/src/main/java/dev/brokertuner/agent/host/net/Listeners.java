package dev.brokertuner.agent.host.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Kafka's {@code listeners} / {@code advertised.listeners} value: comma-separated {@code NAME://host:port},
 * the host possibly an IPv6 literal in brackets ({@code [::1]}) or empty (every address). The port is the text after
 * the last colon. Entries without {@code ://} are skipped.
 */
public final class Listeners {
    private Listeners() {
    }

    /** The entries of one value, in order; empty for null or blank. */
    public static List<Listener> parse(String value) {
        List<Listener> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String raw : value.split(",")) {
            String entry = raw.strip();
            int sep = entry.indexOf("://");
            if (sep <= 0) {
                continue;
            }
            String name = entry.substring(0, sep).strip().toUpperCase(Locale.ROOT);
            String rest = entry.substring(sep + 3);
            int colon = rest.lastIndexOf(':');
            String host = colon < 0 ? rest : rest.substring(0, colon);
            int port = -1;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(rest.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            host = host.strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(new Listener(name, host, port));
        }
        return out;
    }

    /** Controller listener names from {@code controller.listener.names}, upper case. */
    public static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String n : value.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
