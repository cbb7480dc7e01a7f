package dev.brokertuner.agent.broker;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parsers for the per-process files under {@code <procfs>/PID/} the agent reads about the broker: {@code limits},
 * {@code status}, {@code maps}, and a {@code passwd} file to name the owner. All take text; reading is elsewhere.
 */
public final class ProcFiles {
    private ProcFiles() {
    }

    /**
     * The soft {@code Max open files} limit from {@code limits}. {@code unlimited} is {@link Long#MAX_VALUE}; empty
     * when the line is missing or malformed.
     */
    public static OptionalLong maxOpenFiles(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                if (f.length == 0 || f[0].isEmpty()) {
                    return OptionalLong.empty();
                }
                if (f[0].equals("unlimited")) {
                    return OptionalLong.of(Long.MAX_VALUE);
                }
                try {
                    return OptionalLong.of(Long.parseLong(f[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The real uid (first field of the {@code Uid:} line) from {@code status}. */
    public static OptionalLong uid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(f[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * {@code VmSwap} of {@code status} in bytes (the kernel prints kB): how much of the process is swapped out now.
     * Empty when the line is missing (kernel threads, or a kernel without it) or malformed.
     */
    public static OptionalLong vmSwapBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmSwap:")) {
                String[] f = line.substring("VmSwap:".length()).trim().split("\\s+");
                try {
                    long kb = Long.parseLong(f[0]);
                    return kb < 0 ? OptionalLong.empty() : OptionalLong.of(kb * 1024);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The user name for a uid in {@code passwd} text ({@code name:x:uid:gid:...}). */
    public static Optional<String> userName(String passwd, long uid) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && !line.startsWith("#") && f[2].equals(String.valueOf(uid))) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    /** Non-empty lines, e.g. of {@code maps} (one map area each). */
    public static long lineCount(String text) {
        long n = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                n++;
            }
            start = end + 1;
        }
        return n;
    }

    /**
     * Counts non-empty lines over chunks of bytes, as {@link #lineCount} does over text: for {@code maps}, read in
     * pieces into one small buffer rather than whole (a broker with 10,000 partitions has 20,000+ map areas, over
     * 2 MB of text).
     */
    public static final class LineCounter {
        private long lines;
        private boolean inLine;

        /** Adds the first {@code length} bytes of {@code chunk}. */
        public void add(byte[] chunk, int length) {
            for (int i = 0; i < length; i++) {
                if (chunk[i] == '\n') {
                    if (inLine) {
                        lines++;
                    }
                    inLine = false;
                } else {
                    inLine = true;
                }
            }
        }

        /** The non-empty lines so far, a last one without its newline included. */
        public long lines() {
            return lines + (inLine ? 1 : 0);
        }
    }
}
