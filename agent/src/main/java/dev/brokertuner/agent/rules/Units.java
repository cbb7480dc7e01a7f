package dev.brokertuner.agent.rules;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Parses the numbers rules read (config values, sysctls) and formats the numbers they write, the same way in every
 * finding, host and broker rules alike. Parsing never throws: a value that is absent or not a number is empty, never zero.
 */
public final class Units {
    private Units() {
    }

    /** The whole number in {@code text}, or empty. */
    public static OptionalLong parseLong(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The number in {@code text}, or empty. */
    public static OptionalDouble parseDouble(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Field {@code index} (0-based) of a value printed as several numbers, e.g. the max of {@code tcp_rmem}. */
    public static OptionalLong field(String text, int index) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String[] parts = text.trim().split("\\s+");
        return index < parts.length ? parseLong(parts[index]) : OptionalLong.empty();
    }

    /** {@code 1.5 GiB}, {@code 208 KiB}, {@code 512 B}. */
    public static String bytes(double b) {
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
    public static String megabytesPerSec(double bytesPerSec) {
        return trim(bytesPerSec / 1e6) + " MB/s";
    }

    /** {@code 1 Gb/s}, {@code 25 Gb/s}, {@code 100 Mb/s}. */
    public static String linkSpeed(long mbps) {
        return mbps >= 1000 ? trim(mbps / 1000.0) + " Gb/s" : mbps + " Mb/s";
    }

    /** {@code 83%}. */
    public static String percent(double ratio) {
        return trim(ratio * 100) + "%";
    }

    /** A ratio with two decimals: {@code 0.12}. */
    public static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A number with at most one decimal and no trailing {@code .0}. */
    public static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** A number with at most three decimals and no trailing zeros ({@code 0.25}, {@code 12}). */
    public static String exact(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The smallest power of two at or above {@code v} (at least 1). */
    public static long nextPowerOfTwo(long v) {
        long p = 1;
        while (p < v && p < (1L << 62)) {
            p <<= 1;
        }
        return p;
    }

    /** {@code ceil(v)}, forgiving floating-point noise just above a whole number. */
    public static long ceil(double v) {
        return (long) Math.ceil(v - 1e-9);
    }
}
