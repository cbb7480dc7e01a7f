package dev.brokertuner.agent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the footprint benches read of a process in this machine's {@code /proc} (benches only, never the agent). */
public final class ProcSampling {
    private static final long TICKS = clockTicks();

    private ProcSampling() {
    }

    /** VmRSS, RssAnon (kB) and Threads of a process. */
    public static Map<String, Long> status(long pid) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            for (String key : List.of("VmRSS", "RssAnon", "Threads")) {
                if (line.startsWith(key + ":")) {
                    out.put(key, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        }
        return out;
    }

    /** User plus system CPU seconds of a process (fields 14 and 15 of /proc/PID/stat, after the command name). */
    public static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS;
    }

    /** A free TCP port on the loopback. */
    public static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }
}
