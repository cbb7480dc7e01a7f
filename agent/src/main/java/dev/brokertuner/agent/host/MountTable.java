package dev.brokertuner.agent.host;

import dev.brokertuner.report.Mount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Parses the kernel's mount tables: {@code mountinfo} (per-mount options in field 6, filesystem type and source after
 * the {@code -} separator) and the older {@code /proc/mounts}. Fields are split on runs of whitespace (one capture
 * has two spaces between fields), octal escapes such as {@code \040} are decoded, and repeated mount ids are kept as
 * separate entries. Lines that do not parse are skipped and counted.
 */
public final class MountTable {
    private MountTable() {
    }

    /** Result of parsing: the mounts in table order, and how many lines were skipped as malformed. */
    public record Parsed(List<Mount> mounts, int skippedLines) {
        public Parsed {
            mounts = List.copyOf(mounts);
        }
    }

    /** Parses {@code /proc/PID/mountinfo}. */
    public static Parsed parseMountinfo(String text) {
        return parse(text, f -> {
            int sep = Arrays.asList(f).indexOf("-");
            if (f.length < 7 || sep < 6 || sep + 2 >= f.length) {
                return null;
            }
            List<String> options = List.of(f[5].split(","));
            return new Mount(unescape(f[4]), unescape(f[sep + 2]), f[sep + 1], options, options.contains("noatime"));
        });
    }

    /** Parses {@code /proc/mounts} (the fstab format: source, mount point, type, options, dump, pass). */
    public static Parsed parseMounts(String text) {
        return parse(text, f -> {
            if (f.length < 4) {
                return null;
            }
            List<String> options = List.of(f[3].split(","));
            return new Mount(unescape(f[1]), unescape(f[0]), f[2], options, options.contains("noatime"));
        });
    }

    /** Splits each non-blank line on whitespace runs; a line the function cannot read (null) is counted. */
    private static Parsed parse(String text, Function<String[], Mount> line) {
        List<Mount> out = new ArrayList<>();
        int skipped = 0;
        for (String raw : text.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            Mount m = line.apply(raw.trim().split("\\s+"));
            if (m == null) {
                skipped++;
            } else {
                out.add(m);
            }
        }
        return new Parsed(out, skipped);
    }

    /** Decodes the kernel's octal escapes ({@code \040} space, {@code \011} tab, {@code \012} newline, {@code \134}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
