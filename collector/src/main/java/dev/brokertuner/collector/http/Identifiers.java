package dev.brokertuner.collector.http;

import java.util.regex.Pattern;

/**
 * The character sets of what the collector files reports by and shows in URLs, headers and the dashboard
 * (documented in docs/collector.md): a hostname is 1-253 ASCII letters, digits, {@code .}, {@code -} or {@code _},
 * starting with a letter or digit; a report id is a UUID; a Kafka cluster id and a cluster alias are 1-255
 * printable characters without control characters (C0, DEL, C1), NUL or lone surrogates.
 */
public final class Identifiers {
    public static final int MAX_HOSTNAME = 253;
    public static final int MAX_CLUSTER = 255;
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_HOSTNAME - 1) + "}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Identifiers() {
    }

    /** True for a hostname of the documented set. */
    public static boolean hostname(String s) {
        return s != null && HOSTNAME.matcher(s).matches();
    }

    /** True for a UUID in its canonical 8-4-4-4-12 hex form. */
    public static boolean reportId(String s) {
        return s != null && UUID.matcher(s).matches();
    }

    /** Why a cluster id or alias is refused, null when it is fine (null itself is fine: unknown). */
    public static String clusterProblem(String s) {
        if (s == null) {
            return null;
        }
        if (s.isEmpty() || s.length() > MAX_CLUSTER) {
            return "must be 1-" + MAX_CLUSTER + " characters";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return "holds a control character at index " + i;
            }
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (!pair) {
                    return "holds a lone surrogate at index " + i;
                }
                i++;
            }
        }
        return null;
    }

    /**
     * {@code s} safe for an HTTP header value and a log line: printable ASCII kept, everything else (control
     * characters, non-ASCII) as {@code \\uXXXX}.
     */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }
}
