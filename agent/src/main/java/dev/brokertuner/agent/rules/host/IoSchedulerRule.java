package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.SysPaths;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
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
import java.util.Optional;
import java.util.Set;

/**
 * Judges the active I/O scheduler ({@code <sysfs>/block/<dev>/queue/scheduler}) of the whole disks under the data
 * dirs. The one case the kernel's docs give a reason against is BFQ on a non-rotational device: BFQ trades throughput
 * for latency fairness between processes and its per-request overhead limits the IOPS it can sustain, while the
 * kernel itself picks {@code none} for multi-queue devices (NVMe) and {@code mq-deadline} for single-queue ones.
 * Kafka's docs say nothing about schedulers, and neither do the kernel's about rotational disks for this workload, so
 * rotational disks and every other scheduler pass with no advice. Judged only for configured data dirs (not for
 * mounts assessed because log.dirs were unknown).
 */
public final class IoSchedulerRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.disk.scheduler";

    static final RuleMeta META = RuleMeta.of(ID,
            "Non-rotational data disks (NVMe, SSD) should not use the BFQ I/O scheduler: none (NVMe) or "
                    + "mq-deadline, the kernel's own defaults; other schedulers and rotational disks get no advice.",
            Set.of(Source.HOST),
            List.of(Sources.KERNEL_BFQ, Sources.KERNEL_ELEVATOR),
            Set.of(Severity.INFO));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        Set<String> devices = new LinkedHashSet<>();
        Map<String, List<String>> dirsByDevice = new LinkedHashMap<>();
        for (DataDir d : host.dataDirs()) {
            if (d.assessed()) {
                continue;
            }
            for (String dev : d.devices()) {
                devices.add(dev);
                dirsByDevice.computeIfAbsent(dev, k -> new ArrayList<>()).add(d.path());
            }
        }
        if (devices.isEmpty()) {
            return List.of(new Outcome.Unknown("data disks", "no configured data dir mapped to a block device"));
        }
        List<Outcome> out = new ArrayList<>();
        for (String name : devices) {
            String subject = "disk " + name;
            Optional<Disk> disk = host.disk(name);
            if (disk.isEmpty() || disk.get().scheduler() == null) {
                out.add(new Outcome.Unknown(subject, "queue/scheduler not readable for " + name));
                continue;
            }
            Disk d = disk.get();
            String scheduler = d.scheduler();
            if (Boolean.TRUE.equals(d.rotational())) {
                out.add(new Outcome.Pass(subject, scheduler + " (queue/rotational=1: no scheduler advice)"));
                continue;
            }
            if (d.rotational() == null && !name.startsWith("nvme")) {
                out.add(new Outcome.Unknown(subject, "scheduler " + scheduler + "; queue/rotational unknown, so "
                        + "whether BFQ's overhead matters is unknown"));
                continue;
            }
            if (!scheduler.equals("bfq")) {
                out.add(new Outcome.Pass(subject, scheduler));
                continue;
            }
            out.add(bfq(d, dirsByDevice.get(name)));
        }
        return out;
    }

    private static Outcome bfq(Disk d, List<String> dirs) {
        boolean nvme = d.name().startsWith("nvme");
        String wanted = nvme ? "none" : "mq-deadline";
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("disk", d.name());
        evidence.put("scheduler", d.scheduler());
        evidence.put("rotational", String.valueOf(d.rotational()));
        evidence.put("dataDirs", String.join(",", dirs));
        String why = d.name() + " holds " + String.join(", ", dirs) + ", is " + (nvme ? "an NVMe device"
                : "non-rotational") + " and is scheduled by BFQ. The kernel's BFQ documentation says that in its "
                + "default configuration BFQ privileges latency over throughput (it idles to keep one process's I/O "
                + "together), and that its per-request overhead limits the IOPS a CPU can push through it; it is made "
                + "for interactive responsiveness, while a broker wants throughput from a fast device. The kernel's "
                + "own default is " + (nvme ? "none for devices with several hardware queues such as NVMe"
                : "mq-deadline for single-queue devices") + ". Kafka's documentation says nothing about I/O "
                + "schedulers, so this is information: measure (LocalTimeMs, await) before and after. The sysfs write "
                + "takes effect at once and lasts until reboot; the udev rule makes it persist. Sources: "
                + Sources.KERNEL_BFQ + "; " + Sources.KERNEL_ELEVATOR + ".";
        List<String> apply = new ArrayList<>();
        if (KernelNames.isBlockDeviceName(d.name())) {
            apply.add(Cmd.of("echo", wanted).to(SysPaths.blockQueue(d.name(), "scheduler"))
                    .comment("now, until reboot").line());
            apply.add(Cmd.of("echo", "ACTION==\"add|change\", KERNEL==\"" + d.name() + "\", ATTR{queue/scheduler}=\""
                    + wanted + "\"").to("/etc/udev/rules.d/60-broker-tuner-scheduler-" + d.name() + ".rules")
                    .comment("persists across reboots").line());
            apply.add(Cmd.of("udevadm", "control", "--reload").line());
        } else {
            apply.add(Shell.comment("the device name is not a kernel block device name: no command built"));
        }
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, "disk " + d.name(), "bfq", wanted, why,
                evidence, apply));
    }
}
