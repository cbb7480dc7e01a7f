package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges sampled disk utilization (busy time from {@code <procfs>/diskstats} over the sample window) of the disks
 * under data dirs, or of every disk when none is mapped. Above 80% busy, requests queue on the disk and the broker's
 * produce and fetch latency follow.
 */
public final class DiskUtilizationRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.disk.utilization";
    static final String MAX = "max";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Disks under data dirs should be less than 80% busy over the sample window.";
    }

    @Override
    public Set<Source> requires() {
        return Set.of(Source.HOST);
    }

    @Override
    public Map<String, Double> thresholds() {
        return Map.of(MAX, 0.8);
    }

    @Override
    public Set<Severity> severities() {
        return Set.of(Severity.WARNING);
    }

    @Override
    public List<String> sources() {
        return List.of(Sources.KAFKA_OPS_DISKS);
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double max = thresholds.get(MAX, 0.8);
        HostFacts host = snapshot.host();
        if (host.sampleSeconds() <= 0) {
            return List.of(new Outcome.Unknown("disks", "throughput not sampled (--sample-seconds 0)"));
        }
        Set<String> dataDevices = new LinkedHashSet<>();
        for (DataDir d : host.dataDirs()) {
            dataDevices.addAll(d.devices());
        }
        List<Disk> disks = host.disks().stream()
                .filter(d -> dataDevices.isEmpty() || dataDevices.contains(d.name())).toList();
        List<Outcome> out = new ArrayList<>();
        for (Disk disk : disks) {
            String subject = "disk " + disk.name();
            if (disk.utilization() == null) {
                if (!dataDevices.isEmpty()) {
                    out.add(new Outcome.Unknown(subject, "utilization not sampled for " + disk.name()));
                }
                continue;
            }
            double u = disk.utilization();
            if (u <= max) {
                out.add(new Outcome.Pass(subject, Units.percent(u) + " busy"));
                continue;
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("disk", disk.name());
            evidence.put("utilization", Units.trim(u * 100) + "%");
            evidence.put("readBytesPerSec", String.valueOf(disk.readBytesPerSec()));
            evidence.put("writeBytesPerSec", String.valueOf(disk.writeBytesPerSec()));
            evidence.put("rotational", String.valueOf(disk.rotational()));
            evidence.put("scheduler", String.valueOf(disk.scheduler()));
            evidence.put("sampleSeconds", String.valueOf(host.sampleSeconds()));
            evidence.put("threshold.max", Units.percent(max));
            String why = disk.name() + " was busy " + Units.percent(u) + " of a " + host.sampleSeconds()
                    + " s sample (reads " + mb(disk.readBytesPerSec()) + ", writes " + mb(disk.writeBytesPerSec())
                    + "). Kafka's documentation names disk throughput as the usual bottleneck: near saturation "
                    + "requests wait in the disk queue, which shows as higher LocalTimeMs for produce and for "
                    + "fetches that miss the page cache. A single short sample can catch a burst: confirm it is "
                    + "sustained before acting. " + (Boolean.TRUE.equals(disk.rotational())
                    ? "On a spinning disk, mixed reads from lagging consumers turn sequential I/O into seeks. "
                    : "")
                    + "Spread load across more disks (more log.dirs, or move partitions), keep other I/O (OS, "
                    + "application logs) off Kafka's disks. Source: " + Sources.KAFKA_OPS_DISKS + ".";
            List<String> apply = List.of(
                    Cmd.of("iostat", "-x", "5", disk.name()).comment("is it sustained? watch %util, r_await, w_await")
                            .line(),
                    "# if sustained: add disks to log.dirs or move partitions away with kafka-reassign-partitions.sh");
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, Units.percent(u) + " busy",
                    "<= " + Units.percent(max) + " busy", why, evidence, apply)));
        }
        if (out.isEmpty()) {
            out.add(new Outcome.Unknown("disks", "no disk utilization sampled"));
        }
        return out;
    }

    private static String mb(Double v) {
        return v == null ? "unknown" : Units.megabytesPerSec(v);
    }
}
