package dev.brokertuner.agent.host.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code <procfs>/net/route} (the main IPv4 table; header line, then one route per line: Iface, Destination,
 * Gateway, Flags, RefCnt, Use, Metric, Mask, ...). Addresses are printed as native integers, so their byte order is
 * the host's: on little-endian hosts {@code 192.168.0.0/24} reads {@code 0000A8C0} mask {@code 00FFFFFF}. The order
 * is detected from the masks (only one reading makes every mask contiguous), little-endian when no mask tells.
 * Routes that are not up (flag U) are skipped.
 *
 * @param routes       the routes that are up
 * @param littleEndian the byte order the file was printed in (also that of {@code net/tcp})
 */
public record RouteTable(List<Route> routes, boolean littleEndian) {
    public RouteTable {
        routes = List.copyOf(routes);
    }

    /** Parses the file's text; malformed lines are skipped. */
    public static RouteTable parse(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface") || !f[1].matches("[0-9A-Fa-f]{8}")
                    || !f[2].matches("[0-9A-Fa-f]{8}") || !f[7].matches("[0-9A-Fa-f]{8}")) {
                continue;
            }
            rows.add(f);
        }
        boolean little = littleEndian(rows);
        List<Route> out = new ArrayList<>();
        for (String[] f : rows) {
            try {
                int flags = Integer.parseInt(f[3], 16);
                if ((flags & 1) == 0) {
                    continue;
                }
                out.add(new Route(f[0], Ipv4.fromProcHex(f[1], little), Ipv4.fromProcHex(f[7], little),
                        Ipv4.fromProcHex(f[2], little), Long.parseLong(f[6])));
            } catch (NumberFormatException e) {
                // skipped
            }
        }
        return new RouteTable(out, little);
    }

    /** Byte order of the hex fields, from the masks. */
    static boolean littleEndian(List<String[]> rows) {
        for (String[] f : rows) {
            long raw = Long.parseLong(f[7], 16);
            if (raw == 0 || raw == 0xFFFFFFFFL) {
                continue;
            }
            boolean le = Ipv4.contiguous(Ipv4.fromProcHex(f[7], true));
            boolean be = Ipv4.contiguous(raw);
            if (le != be) {
                return le;
            }
        }
        return true;
    }

    /** The route the kernel would pick for this address: longest prefix, then lowest metric. */
    public Optional<Route> lookup(long address) {
        return routes.stream().filter(r -> r.contains(address))
                .max(Comparator.comparingInt(Route::prefixLength).thenComparing(Comparator.comparingLong(
                        Route::metric).reversed()));
    }

    /** The interface a local address sits on: the longest directly connected (gateway 0) route holding it. */
    public Optional<String> linkInterface(long address) {
        return routes.stream().filter(r -> r.gateway() == 0 && !r.isDefault() && r.contains(address))
                .max(Comparator.comparingInt(Route::prefixLength)).map(Route::iface);
    }

    /** The default route's interface, lowest metric first. */
    public Optional<String> defaultInterface() {
        return routes.stream().filter(Route::isDefault).min(Comparator.comparingLong(Route::metric)).map(Route::iface);
    }
}
