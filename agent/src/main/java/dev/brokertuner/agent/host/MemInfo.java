package dev.brokertuner.agent.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code /proc/meminfo}. */
public final class MemInfo {
    private static final Pattern TOTAL = Pattern.compile("(?m)^MemTotal:\\s*(\\d+)\\s*kB");
    private static final Pattern SWAP_TOTAL = Pattern.compile("(?m)^SwapTotal:\\s*(\\d+)\\s*kB");

    private MemInfo() {
    }

    /** MemTotal in bytes, or null when absent. */
    public static Long totalBytes(String meminfo) {
        return kilobytes(TOTAL, meminfo);
    }

    /** SwapTotal in bytes (0 when no swap is configured), or null when absent. */
    public static Long swapTotalBytes(String meminfo) {
        return kilobytes(SWAP_TOTAL, meminfo);
    }

    private static Long kilobytes(Pattern field, String meminfo) {
        Matcher m = field.matcher(meminfo);
        return m.find() ? Long.parseLong(m.group(1)) * 1024L : null;
    }
}
