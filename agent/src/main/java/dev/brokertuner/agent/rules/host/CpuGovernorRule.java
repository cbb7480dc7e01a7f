package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.CpuFrequency;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the CPU frequency governor ({@code <sysfs>/devices/system/cpu/cpu<N>/cpufreq/scaling_governor}). The kernel's
 * cpufreq documentation gives one reason to act: the generic {@code powersave} governor requests the lowest frequency
 * the policy allows, so the broker's network, request and replica threads run at that clock whatever the load. Under
 * {@code intel_pstate} or {@code amd-pstate-epp} in active mode, {@code powersave} is the driver's own dynamic
 * algorithm, not the generic governor, so it passes; so do {@code schedutil}, {@code ondemand},
 * {@code conservative} and {@code performance}. Most virtual machines expose no cpufreq: no claim then.
 */
public final class CpuGovernorRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.cpu.governor";
    /** Drivers whose "powersave" policy is their own dynamic P-state selection (active mode). */
    static final Set<String> ACTIVE_MODE_DRIVERS = Set.of("intel_pstate", "amd-pstate-epp");

    static final RuleMeta META = RuleMeta.of(ID,
            "CPUs should not be pinned to their lowest frequency by the generic powersave governor (powersave under "
                    + "intel_pstate or amd-pstate-epp active mode is dynamic and passes); no claim without cpufreq.",
            Set.of(Source.HOST),
            List.of(Sources.KERNEL_CPUFREQ),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        CpuFrequency f = host.cpuFrequency();
        String subject = "cpufreq";
        if (f == null || f.governors().isEmpty()) {
            return List.of(new Outcome.Unknown(subject, "no cpufreq governor exposed (usual on virtual machines, "
                    + "where the hypervisor owns the frequency)"));
        }
        Integer powersave = f.governors().get("powersave");
        String state = governors(f) + (f.driver() == null ? "" : " (driver " + f.driver() + ")");
        if (powersave == null) {
            return List.of(new Outcome.Pass(subject, state));
        }
        if (f.driver() != null && ACTIVE_MODE_DRIVERS.contains(f.driver())) {
            return List.of(new Outcome.Pass(subject, state + ": powersave under " + f.driver() + " in active mode is "
                    + "the driver's dynamic P-state selection, not the lowest frequency"));
        }
        if (f.driver() == null) {
            return List.of(new Outcome.Unknown(subject, state + ": scaling_driver unknown, so whether powersave is "
                    + "the generic governor (lowest frequency) is unknown"));
        }
        int total = f.governors().values().stream().mapToInt(Integer::intValue).sum();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("scaling_driver", f.driver());
        f.governors().forEach((g, n) -> evidence.put("governor." + g, String.valueOf(n)));
        evidence.put("cpusWithPowersave", powersave + " of " + total);
        String why = powersave + " of " + total + " CPUs use the powersave governor under the " + f.driver()
                + " driver. With a generic cpufreq driver, the kernel's documentation says powersave requests the "
                + "lowest frequency within the policy's scaling_min_freq, whatever the load, so the broker's network, "
                + "request-handler and replica-fetcher threads run at the slowest clock and CPU time per request goes "
                + "up. schedutil (which follows the scheduler's load tracking) or performance (the highest frequency) "
                + "let the CPU speed up under load. Kafka's documentation says nothing about governors. The command "
                + "takes effect at once and lasts until reboot; to persist it set the governor in the distribution's "
                + "cpupower or tuned configuration. Source: " + Sources.KERNEL_CPUFREQ + ".";
        List<String> apply = new ArrayList<>();
        if (SysctlValues.inContainer(host)) {
            apply.add(Shell.comment("this agent sees a container (overlay root): run these on the node itself, where "
                    + "they apply"));
        }
        apply.add(Cmd.of("cpupower", "frequency-set", "-g", "schedutil")
                .comment("now, until reboot (or -g performance); cpupower is in linux-tools / kernel-tools").line());
        apply.add(Shell.comment("to persist: set GOVERNOR=schedutil in /etc/default/cpupower (Debian) or "
                + "/etc/sysconfig/cpupower (RHEL) and enable cpupower.service, or use a tuned profile"));
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, "powersave on " + powersave
                + " of " + total + " CPUs (" + f.driver() + ")", "schedutil or performance", why, evidence, apply)));
    }

    private static String governors(CpuFrequency f) {
        List<String> parts = new ArrayList<>();
        f.governors().forEach((g, n) -> parts.add(g + " on " + n + " CPU" + (n == 1 ? "" : "s")));
        return String.join(", ", parts);
    }
}
