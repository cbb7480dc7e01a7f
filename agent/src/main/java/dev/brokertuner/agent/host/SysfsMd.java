package dev.brokertuner.agent.host;

import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads md arrays from {@code <sysfs>/block/md*}{@code /md/} and merges them with what mdstat said. mdstat stays the
 * primary source; sysfs fills what mdstat does not print (raid disks of a raid0, sync progress) and adds arrays mdstat
 * did not list. When the two disagree on the level they describe different states of the array (a level change in
 * flight), and mdstat's view is kept as it is.
 */
public final class SysfsMd {
    private static final Pattern FIRST_INT = Pattern.compile("^\\s*(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("^\\s*(\\d+)\\s*/\\s*(\\d+)");

    private SysfsMd() {
    }

    /** Every array with an {@code md/} directory under {@code <sysfs>/block}. */
    public static List<RaidArray> read(HostFiles files) {
        List<RaidArray> out = new ArrayList<>();
        for (String dev : files.sysList("block")) {
            if (!dev.startsWith("md") || !files.sysIsDirectory("block/" + dev + "/md")) {
                continue;
            }
            out.add(array(files, dev));
        }
        return out;
    }

    private static RaidArray array(HostFiles files, String name) {
        String base = "block/" + name + "/md/";
        String level = files.sysValue(base + "level");
        String state = files.sysValue(base + "array_state");
        Integer raidDisks = firstInt(files.sysValue(base + "raid_disks"));
        Integer degradedCount = firstInt(files.sysValue(base + "degraded"));
        List<String> members = new ArrayList<>();
        List<String> failedMembers = new ArrayList<>();
        int spares = 0;
        for (String entry : files.sysList(base)) {
            if (!entry.startsWith("dev-")) {
                continue;
            }
            String dev = entry.substring(4);
            members.add(dev);
            String devState = files.sysValue(base + entry + "/state");
            if (devState != null && devState.contains("faulty")) {
                failedMembers.add(dev);
            } else if (devState != null && devState.contains("spare")) {
                spares++;
            }
        }
        String action = files.sysValue(base + "sync_action");
        String syncAction = action == null || action.equals("idle") ? null
                : action.equals("recover") ? "recovery" : action;
        Double progress = syncAction == null ? null : completed(files.sysValue(base + "sync_completed"));
        Integer working = raidDisks != null && degradedCount != null ? raidDisks - degradedCount : null;
        boolean degraded = degradedCount != null && degradedCount > 0;
        return new RaidArray(name, level, state, raidDisks, working, failedMembers.size(), spares, degraded,
                syncAction, progress, members, failedMembers);
    }

    /** mdstat's arrays, each filled from sysfs where it said nothing, plus arrays only sysfs knows. */
    public static List<RaidArray> merge(List<RaidArray> mdstat, List<RaidArray> sysfs) {
        Map<String, RaidArray> fromSysfs = new LinkedHashMap<>();
        sysfs.forEach(a -> fromSysfs.put(a.name(), a));
        List<RaidArray> out = new ArrayList<>();
        for (RaidArray a : mdstat) {
            RaidArray s = fromSysfs.remove(a.name());
            if (s == null || (a.level() != null && s.level() != null && !a.level().equals(s.level()))) {
                out.add(a);
                continue;
            }
            Integer raidDisks = a.raidDisks() != null ? a.raidDisks() : s.raidDisks();
            Integer working = a.workingDisks() != null ? a.workingDisks() : s.workingDisks();
            String syncAction = a.syncAction() != null ? a.syncAction() : s.syncAction();
            Double progress = a.syncProgress() != null ? a.syncProgress()
                    : Objects.equals(syncAction, s.syncAction()) ? s.syncProgress() : null;
            out.add(new RaidArray(a.name(), a.level() != null ? a.level() : s.level(), a.state(), raidDisks, working,
                    a.failedDisks(), a.spareDisks(), a.degraded() || s.degraded(), syncAction, progress,
                    a.members().isEmpty() ? s.members() : a.members(),
                    a.failedMembers().isEmpty() && a.failedDisks() == s.failedDisks() ? s.failedMembers()
                            : a.failedMembers()));
        }
        out.addAll(fromSysfs.values());
        return out;
    }

    static Integer firstInt(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = FIRST_INT.matcher(value);
        return m.find() ? Integer.parseInt(m.group(1)) : null;
    }

    /** {@code sync_completed} as a percentage: {@code "1569888 / 2093056"} gives 75.0; {@code none} gives null. */
    static Double completed(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = COMPLETED.matcher(value);
        if (!m.find()) {
            return null;
        }
        double done = Double.parseDouble(m.group(1));
        double total = Double.parseDouble(m.group(2));
        return total <= 0 ? null : Math.round(done * 1000.0 / total) / 10.0;
    }
}
