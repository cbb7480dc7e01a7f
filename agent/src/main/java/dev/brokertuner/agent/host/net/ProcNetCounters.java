package dev.brokertuner.agent.host.net;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code <procfs>/net/snmp} and {@code <procfs>/net/netstat}: pairs of lines, a header
 * ({@code Tcp: RtoAlgorithm RtoMin ... RetransSegs ...}) then its values ({@code Tcp: 1 200 ...}), per protocol
 * prefix ({@code Ip}, {@code Tcp}, {@code TcpExt}, {@code IpExt}, ...). Values that are not integers are skipped
 * ({@code MaxConn} is -1, which is kept).
 */
public record ProcNetCounters(Map<String, Map<String, Long>> byProtocol) {

    /** Parses one file's text. */
    public static ProcNetCounters parse(String text) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        Map<String, String[]> headers = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String protocol = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            String[] header = headers.get(protocol);
            if (header == null || !isNumeric(f)) {
                headers.put(protocol, f);
                continue;
            }
            Map<String, Long> values = out.computeIfAbsent(protocol, p -> new LinkedHashMap<>());
            for (int i = 0; i < Math.min(header.length, f.length); i++) {
                try {
                    values.put(header[i], Long.parseLong(f[i]));
                } catch (NumberFormatException e) {
                    // skipped
                }
            }
            headers.remove(protocol);
        }
        return new ProcNetCounters(out);
    }

    private static boolean isNumeric(String[] f) {
        return f.length > 0 && f[0].matches("-?\\d+");
    }

    /** One counter, e.g. {@code get("Tcp", "RetransSegs")}. */
    public Optional<Long> get(String protocol, String name) {
        Map<String, Long> values = byProtocol.get(protocol);
        return values == null ? Optional.empty() : Optional.ofNullable(values.get(name));
    }
}
