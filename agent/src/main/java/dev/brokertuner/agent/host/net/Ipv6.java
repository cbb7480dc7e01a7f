package dev.brokertuner.agent.host.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;

/** IPv6 literals as the 32 lower-case hex digits {@code if_inet6} prints. */
public final class Ipv6 {
    private Ipv6() {
    }

    /** The hex form of an IPv6 literal (no name lookup: only text with a colon is parsed); empty otherwise. */
    public static Optional<String> hex(String literal) {
        if (literal == null || !literal.contains(":") || !literal.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
            return Optional.empty();
        }
        String bare = literal.contains("%") ? literal.substring(0, literal.indexOf('%')) : literal;
        try {
            // a literal with a colon is parsed, never resolved
            InetAddress a = InetAddress.getByName(bare);
            return a instanceof Inet6Address ? Optional.of(HexFormat.of().formatHex(a.getAddress())) : Optional.empty();
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** True for {@code ::}. */
    public static boolean wildcard(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }
}
