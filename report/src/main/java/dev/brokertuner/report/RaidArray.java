package dev.brokertuner.report;

import java.util.List;

/**
 * A Linux md array from {@code /proc/mdstat}, enriched by {@code /sys/block/mdX/md/} where present.
 *
 * @param name         e.g. {@code md0}
 * @param level        e.g. {@code raid10}, {@code raid5}, {@code raid1}, {@code raid0}; null when inactive/unknown
 * @param state        {@code active}, {@code inactive}, {@code active (read-only)}, {@code active (auto-read-only)}, or
 *                     the sysfs {@code array_state} when richer
 * @param raidDisks    devices the array should have ({@code n} of {@code [n/m]}); null when not shown
 * @param workingDisks devices in sync ({@code m} of {@code [n/m]}); null when not shown
 * @param failedDisks  members marked {@code (F)}
 * @param spareDisks   members marked {@code (S)}
 * @param degraded     fewer working than raid disks
 * @param syncAction   {@code recovery}, {@code resync}, {@code check}, {@code reshape}, {@code repair},
 *                     {@code resync=DELAYED}, {@code resync=PENDING}, or null when idle
 * @param syncProgress percent done of the running sync action, null when none
 * @param members      member device names (e.g. {@code sda1})
 * @param failedMembers the members marked failed ({@code (F)} in mdstat, {@code faulty} in sysfs), a subset of
 *                      members; empty when none or not known
 */
public record RaidArray(String name, String level, String state, Integer raidDisks, Integer workingDisks,
                        int failedDisks, int spareDisks, boolean degraded, String syncAction, Double syncProgress,
                        List<String> members, List<String> failedMembers) {
    public RaidArray {
        members = members == null ? List.of() : List.copyOf(members);
        failedMembers = failedMembers == null ? List.of() : List.copyOf(failedMembers);
    }

    /** The shape before failed members were named. */
    public RaidArray(String name, String level, String state, Integer raidDisks, Integer workingDisks,
                     int failedDisks, int spareDisks, boolean degraded, String syncAction, Double syncProgress,
                     List<String> members) {
        this(name, level, state, raidDisks, workingDisks, failedDisks, spareDisks, degraded, syncAction,
                syncProgress, members, List.of());
    }
}
