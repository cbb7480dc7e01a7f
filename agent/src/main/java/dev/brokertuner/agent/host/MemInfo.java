package dev.brokertuner.agent.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code /proc/meminfo}. */
public final class MemInfo {
    private static final Pattern TOTAL = Pattern.compile("(?m)^MemTotal:\\s*(\\d+)\\s*kB");

    private MemInfo() {
    }

    /** MemTotal in bytes, or null when absent. */
    public static Long totalBytes(String meminfo) {
        Matcher m = TOTAL.matcher(meminfo);
        return m.find() ? Long.parseLong(m.group(1)) * 1024L : null;
    }
}
