package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.CpuUsage;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the CPUs the broker runs on have room for more threads, from the window's CPU use: the busier of the
 * broker's CPUs as a whole ({@code <procfs>/stat}, steal counted as busy: a vCPU the hypervisor lends away cannot run
 * a thread) and the broker's own use against its effective CPUs (its cgroup quota: a container at its quota is
 * throttled however idle the host is). At or above {@code cpuBusy} (0.8 by default, broker-tuner's own heuristic)
 * more I/O or network threads would only queue for the same cores, so the advice is capacity.
 *
 * @param used        the busier of the two, 0..1
 * @param busyRatio   the CPUs' busy share, null when unknown
 * @param stealRatio  the hypervisor's share, null when unknown
 * @param processCpus CPUs' worth the broker used, null when unknown
 * @param effective   the CPUs it may use (quota/cpuset), null when unknown
 * @param throttledRatio the share of quota periods its cgroup was throttled in, null when unknown (evidence only)
 * @param threshold   the {@code cpuBusy} threshold
 * @param window      the window's length in seconds
 */
record CpuHeadroom(double used, Double busyRatio, Double stealRatio, Double processCpus, Double effective,
                   Double throttledRatio, double threshold, double window) {
    static final String THRESHOLD = "cpuBusy";
    static final double DEFAULT = 0.8;
    static final String HEURISTIC = "broker-tuner's own heuristic: the CPUs count as busy at cpuBusy (0.8 by "
            + "default) of the broker's CPUs (steal included) or of its cgroup quota over the window the handler idle "
            + "covers; no Kafka document gives a number, Red Hat names the CPU cores as the practical upper limit of the I/O threads";
    static final String CGROUP_DOCS = "Linux kernel Documentation/admin-guide/cgroup-v2.rst (cpu.max: \"$MAX "
            + "$PERIOD\", the group may consume up to $MAX in each $PERIOD; cpuset.cpus.effective) and "
            + "Documentation/scheduler/sched-bwc.rst (cfs_quota_us / cfs_period_us) "
            + "(https://docs.kernel.org/admin-guide/cgroup-v2.html)";

    /** The window's headroom, or empty when the CPU use was not measured. */
    static Optional<CpuHeadroom> of(Snapshot snapshot, double threshold) {
        BrokerProcess p = snapshot.broker().process();
        if (p == null || p.cpu() == null) {
            return Optional.empty();
        }
        CpuUsage u = p.cpu();
        Double effective = p.effectiveCpus();
        double used = -1;
        if (u.busyRatio() != null) {
            used = u.busyRatio();
        }
        if (u.processCpus() != null && effective != null && effective > 0) {
            used = Math.max(used, Math.min(1, u.processCpus() / effective));
        }
        if (used < 0) {
            return Optional.empty();
        }
        return Optional.of(new CpuHeadroom(used, u.busyRatio(), u.stealRatio(), u.processCpus(), effective,
                u.throttledRatio(), threshold, u.windowSeconds()));
    }

    /** True when the cores have no room for more threads. */
    boolean busy() {
        return used >= threshold;
    }

    /** {@code the broker's CPUs were 0.93 busy (steal 0.12) and the broker used 3.8 of its 4 CPUs}. */
    String describe() {
        StringBuilder s = new StringBuilder();
        if (busyRatio != null) {
            s.append("the broker's CPUs were ").append(Units.ratio(busyRatio)).append(" busy");
            if (stealRatio != null && stealRatio > 0) {
                s.append(" (steal ").append(Units.ratio(stealRatio)).append(", time the hypervisor gave elsewhere)");
            }
        }
        if (processCpus != null) {
            s.append(s.length() == 0 ? "" : " and ").append("the broker used ").append(Units.trim(processCpus))
                    .append(" CPUs").append(effective == null ? "" : " of its " + Units.trim(effective));
        }
        if (throttledRatio != null && throttledRatio > 0) {
            s.append(" (its cgroup ran out of CPU quota in ").append(Units.percent(throttledRatio))
                    .append(" of the quota periods)");
        }
        s.append(" over the ").append(Units.trim(window)).append(" s window");
        return s.toString();
    }

    /** The facts, for a finding's evidence. */
    void addTo(Map<String, String> evidence) {
        evidence.put("cpu.busyRatio", busyRatio == null ? "unknown" : Units.exact(busyRatio));
        evidence.put("cpu.stealRatio", stealRatio == null ? "unknown" : Units.exact(stealRatio));
        evidence.put("cpu.processCpus", processCpus == null ? "unknown" : Units.exact(processCpus));
        if (throttledRatio != null) {
            evidence.put("cpu.throttledRatio", Units.exact(throttledRatio));
        }
        evidence.put("threshold.cpuBusy", Units.exact(threshold) + " (heuristic)");
    }
}
