package dev.brokertuner.agent.rules.host;

import java.util.Locale;

/** Formats bytes, rates and ratios the same way in every finding. */
final class Units {
    private Units() {
    }

    /** {@code 1.5 GiB}, {@code 208 KiB}, {@code 512 B}. */
    static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? String.format(Locale.ROOT, "%.0f B", v) : trim(v) + " " + units[i];
    }

    /** {@code 125 MB/s} (decimal megabytes, as link speeds are decimal). */
    static String megabytesPerSec(double bytesPerSec) {
        return trim(bytesPerSec / 1e6) + " MB/s";
    }

    /** {@code 1 Gb/s}, {@code 25 Gb/s}, {@code 100 Mb/s}. */
    static String linkSpeed(long mbps) {
        return mbps >= 1000 ? trim(mbps / 1000.0) + " Gb/s" : mbps + " Mb/s";
    }

    /** {@code 83%}. */
    static String percent(double ratio) {
        return trim(ratio * 100) + "%";
    }

    /** A number with at most one decimal and no trailing {@code .0}. */
    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** The smallest power of two at or above {@code v} (at least 1). */
    static long nextPowerOfTwo(long v) {
        long p = 1;
        while (p < v && p < (1L << 62)) {
            p <<= 1;
        }
        return p;
    }
}
