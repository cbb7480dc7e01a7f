package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.DataDir;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sizes {@code num.io.threads} from the measured idle ratio: the busy threads are {@code current * (1 - idle)}; the
 * count that leaves {@code targetIdle} of the pool idle is {@code ceil(busy / (1 - targetIdle))} (with the default
 * 0.5, {@code ceil(current * (1 - idle) / 0.5)}), floored at the number of data disks (one I/O thread per volume at
 * least) and capped at the CPUs the broker can run on ({@link BrokerCpus}: its cgroup quota or cpuset when read,
 * else the host's cores).
 *
 * @param current     {@code num.io.threads} now
 * @param idle        the idle ratio used
 * @param targetIdle  the idle ratio the new count aims for
 * @param fromIdle    the count the idle ratio alone asks for
 * @param disks       the floor: data disks (or data dirs when disks are unknown), 0 when unknown
 * @param disksHow    what {@code disks} counted
 * @param cores       the cap, null when the CPU count is unknown
 * @param cpus        where the cap came from
 * @param recommended the count to set; never below {@code current}
 */
record IoSizing(int current, double idle, double targetIdle, long fromIdle, int disks, String disksHow,
                Integer cores, BrokerCpus cpus, int recommended) {

    static IoSizing of(Snapshot snapshot, int current, double idle, double targetIdle) {
        long fromIdle = Math.max(1, Units.ceil(current * (1 - idle) / (1 - targetIdle)));
        Set<String> devices = new LinkedHashSet<>();
        for (DataDir d : snapshot.host().dataDirs()) {
            devices.addAll(d.devices());
        }
        int disks;
        String how;
        if (!devices.isEmpty()) {
            disks = devices.size();
            how = disks + " data disk" + (disks == 1 ? "" : "s") + " (" + String.join(", ", devices) + ")";
        } else if (!snapshot.host().dataDirs().isEmpty() || !snapshot.broker().logDirs().isEmpty()) {
            disks = Math.max(snapshot.host().dataDirs().size(), snapshot.broker().logDirs().size());
            how = disks + " data dir" + (disks == 1 ? "" : "s") + " (their disks are unknown)";
        } else {
            disks = 0;
            how = "data disks unknown";
        }
        BrokerCpus cpus = BrokerCpus.of(snapshot);
        Integer cores = cpus.cap();
        long n = Math.max(fromIdle, disks);
        if (cores != null && cores > 0) {
            n = Math.min(n, cores);
        }
        int recommended = (int) Math.max(current, Math.min(n, Integer.MAX_VALUE));
        return new IoSizing(current, idle, targetIdle, fromIdle, disks, how, cores, cpus, recommended);
    }

    /** True when the pool cannot grow: the count the idle asks for is capped at (or below) the current one. */
    boolean capped() {
        return recommended <= current;
    }

    /**
     * Where the current pool stands when it cannot grow: {@code above the 4-core cap} (more threads than cores),
     * {@code at the 8-core cap}, or, with the cores unknown, at the count the idle ratio asks for.
     */
    String capWording() {
        if (cores == null || cores <= 0) {
            return "at or above the " + fromIdle + " threads the idle ratio asks for";
        }
        return (current > cores ? "above" : "at") + " the " + cores + "-core cap";
    }

    /** The arithmetic, for a rationale. */
    String explanation() {
        StringBuilder s = new StringBuilder();
        s.append(current).append(" threads x (1 - ").append(Units.ratio(idle)).append(" idle) = ")
                .append(Units.exact(current * (1 - idle))).append(" busy; to leave ")
                .append(Units.ratio(targetIdle)).append(" idle: ceil(").append(Units.exact(current * (1 - idle)))
                .append(" / ").append(Units.exact(1 - targetIdle)).append(") = ").append(fromIdle).append(". ");
        s.append("Floor: ").append(disksHow).append(". Cap: ")
                .append(cores == null ? "CPU count unknown, so no cap" : cores + " cores (" + cpus.how() + ")").append(". ");
        return s.toString();
    }

    /** The facts used, for a finding's evidence. */
    Map<String, String> evidence() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("num.io.threads", String.valueOf(current));
        e.put("requestHandlerIdleRatio", Units.exact(idle));
        e.put("threshold.targetIdle", Units.exact(targetIdle));
        e.put("countFromIdle", String.valueOf(fromIdle));
        e.put("dataDisks", disks == 0 ? "unknown" : String.valueOf(disks));
        cpus.addTo(e);
        return e;
    }
}
