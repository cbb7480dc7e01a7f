package dev.brokertuner.agent.daemon.http;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the agent's API answers: its listen names only, so a web page that rebinds its own DNS
 * name to 127.0.0.1 (DNS rebinding) cannot read the API from a browser. Allowed: {@code localhost},
 * {@code 127.0.0.1}, {@code [::1]}, the configured listen host and the operator's {@code allowedHosts}, each with no
 * port or with the port the API listens on. When the API listens on a wildcard address ({@code 0.0.0.0}, {@code ::}) any IP literal is allowed as
 * well: a rebinding page always arrives under a DNS name, never under an address.
 */
public final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+(%[A-Za-z0-9._-]+)?]");

    private final Set<String> names;
    private final boolean wildcard;
    private final IntSupplier port;

    /**
     * @param listenHost the configured listen host, as in the configuration (brackets optional for IPv6)
     * @param port       the port the API listens on (known once it listens, for port 0)
     */
    public HostCheck(String listenHost, IntSupplier port) {
        this(listenHost, java.util.List.of(), port);
    }

    /**
     * @param allowed more names the operator lets clients use ({@code allowedHosts}: e.g. the name Prometheus
     *                scrapes a non-loopback listen address by)
     */
    public HostCheck(String listenHost, java.util.List<String> allowed, IntSupplier port) {
        this.port = port;
        Set<String> n = new TreeSet<>(Set.of("localhost", "127.0.0.1", "[::1]"));
        for (String a : allowed) {
            String h = a.toLowerCase(Locale.ROOT).strip();
            n.add(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
        }
        String h = listenHost == null ? "" : listenHost.toLowerCase(Locale.ROOT).strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        this.wildcard = h.isEmpty() || h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
        if (!h.isEmpty()) {
            n.add(h.contains(":") ? "[" + h + "]" : h);
        }
        this.names = Set.copyOf(n);
    }

    /** The names allowed (without port), for the error message. */
    public Set<String> names() {
        return new TreeSet<>(names);
    }

    /** True when a request with this {@code Host} header value may be answered. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name = h;
        String portText = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = h.substring(0, close + 1);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                name = h.substring(0, colon);
                portText = h.substring(colon + 1);
            }
        }
        if (name.endsWith(".") && !name.startsWith("[")) {
            name = name.substring(0, name.length() - 1); // "localhost." is localhost
        }
        if (portText != null && !portText.equals(String.valueOf(port.getAsInt()))) {
            return false;
        }
        if (names.contains(name)) {
            return true;
        }
        return wildcard && (IPV4.matcher(name).matches() || IPV6.matcher(name).matches());
    }
}
