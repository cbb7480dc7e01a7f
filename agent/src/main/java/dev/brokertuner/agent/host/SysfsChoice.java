package dev.brokertuner.agent.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a sysfs attribute that lists choices with the active one in brackets, as {@code queue/scheduler}
 * ({@code mq-deadline kyber [bfq] none}) and {@code transparent_hugepage/enabled} ({@code always [madvise] never}) do.
 */
final class SysfsChoice {
    private static final Pattern ACTIVE = Pattern.compile("\\[([^\\]]+)\\]");

    private SysfsChoice() {
    }

    /** The bracketed choice; a single word without brackets is that word; otherwise (or null) null. */
    static String active(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ACTIVE.matcher(value);
        if (m.find()) {
            return m.group(1);
        }
        String v = value.strip();
        return v.isEmpty() || v.contains(" ") ? null : v;
    }
}
