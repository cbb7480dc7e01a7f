package dev.brokertuner.agent.host;

import dev.brokertuner.report.CpuFrequency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code <sysfs>/devices/system/cpu/cpu<N>/cpufreq/scaling_governor} and {@code scaling_driver}. Most virtual
 * machines have no {@code cpufreq} directory (the hypervisor owns the frequency): then there is no fact, and no
 * problem either, since nothing is wrong.
 */
final class CpuFreqs {
    private static final Pattern CPU = Pattern.compile("cpu[0-9]+");

    private CpuFreqs() {
    }

    /** Governors by count and the driver, or null when no CPU exposes cpufreq. */
    static CpuFrequency read(HostFiles files) {
        Map<String, Integer> governors = new LinkedHashMap<>();
        String driver = null;
        for (String cpu : files.sysList("devices/system/cpu")) {
            if (!CPU.matcher(cpu).matches()) {
                continue;
            }
            String base = "devices/system/cpu/" + cpu + "/cpufreq/";
            String governor = files.sysValue(base + "scaling_governor");
            if (governor != null) {
                governors.merge(governor, 1, Integer::sum);
            }
            if (driver == null) {
                driver = files.sysValue(base + "scaling_driver");
            }
        }
        return governors.isEmpty() && driver == null ? null : new CpuFrequency(driver, governors);
    }
}
