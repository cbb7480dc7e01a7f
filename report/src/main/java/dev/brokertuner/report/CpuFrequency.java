package dev.brokertuner.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU frequency scaling, from {@code <sysfs>/devices/system/cpu/cpu<N>/cpufreq/}. Absent on most virtual machines,
 * where the hypervisor owns the frequency.
 *
 * @param driver    {@code scaling_driver} of the first CPU that has one (e.g. {@code intel_pstate},
 *                  {@code acpi-cpufreq}, {@code amd-pstate-epp}), null when unknown
 * @param governors {@code scaling_governor} values with how many CPUs use each
 */
public record CpuFrequency(String driver, Map<String, Integer> governors) {
    public CpuFrequency {
        governors = governors == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(governors));
    }
}
