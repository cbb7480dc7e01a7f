package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerProcess;
import java.util.Map;

/**
 * The CPUs that cap a broker thread pool: the broker process's {@code effectiveCpus} (its cgroup quota, cpuset,
 * affinity and the online CPUs, whichever is least) when read, else the host's logical CPUs. A fractional quota
 * (1.5 CPUs) caps at the whole number above it: that many threads can each run part of the time.
 *
 * @param cap       the thread cap, null when neither is known
 * @param effective the broker's effective CPUs, null when not read
 * @param source    which limit gave {@code effective}
 * @param hostCpus  the host's logical CPUs, null when not read
 * @param how       where the cap came from, for rationales: {@code the broker's 4 effective CPUs, from cgroup v2
 *                  cpu.max 400000 100000 (/kafka.slice), of the host's 8}
 */
record BrokerCpus(Integer cap, Double effective, String source, Integer hostCpus, String how) {

    static BrokerCpus of(Snapshot snapshot) {
        Integer host = snapshot.host().cpus();
        BrokerProcess p = snapshot.broker().process();
        if (p != null && p.effectiveCpus() != null && p.effectiveCpus() > 0) {
            int cap = (int) Math.max(1, Math.ceil(p.effectiveCpus() - 1e-9));
            return new BrokerCpus(cap, p.effectiveCpus(), p.effectiveCpusSource(), host, "the broker's "
                    + Units.trim(p.effectiveCpus()) + " effective CPUs, from " + p.effectiveCpusSource()
                    + (host == null ? "" : ", of the host's " + host));
        }
        if (host != null && host > 0) {
            return new BrokerCpus(host, null, null, host, host + " host CPUs (the broker's own CPU limits unknown)");
        }
        return new BrokerCpus(null, null, null, host, "CPU count unknown");
    }

    /** The facts, for a finding's evidence. */
    void addTo(Map<String, String> evidence) {
        evidence.put("host.cpus", hostCpus == null ? "unknown" : String.valueOf(hostCpus));
        evidence.put("broker.process.effectiveCpus", effective == null ? "unknown" : Units.trim(effective));
        if (effective != null) {
            evidence.put("broker.process.effectiveCpusSource", String.valueOf(source));
        }
    }
}
