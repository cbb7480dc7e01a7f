package dev.brokertuner.agent.host;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code /proc/cpuinfo} for the number of logical CPUs, on x86, arm and s390x. */
public final class CpuInfo {
    private static final Pattern S390_COUNT = Pattern.compile("(?m)^# processors\\s*:\\s*(\\d+)\\s*$");
    private static final Pattern PROCESSOR = Pattern.compile("(?m)^processor\\s*:");
    private static final Pattern S390_PROCESSOR = Pattern.compile("(?m)^processor \\d+:");

    private CpuInfo() {
    }

    /**
     * The logical CPU count: the {@code processor : N} stanzas, or on s390x the {@code # processors} line (s390x has no
     * such stanzas, only {@code processor N: version = ...} lines). Null when the text names no CPU.
     */
    public static Integer logicalCpus(String cpuinfo) {
        Matcher s390 = S390_COUNT.matcher(cpuinfo);
        if (s390.find()) {
            return Integer.parseInt(s390.group(1));
        }
        int count = count(PROCESSOR.matcher(cpuinfo));
        if (count == 0) {
            count = count(S390_PROCESSOR.matcher(cpuinfo));
        }
        return count == 0 ? null : count;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
