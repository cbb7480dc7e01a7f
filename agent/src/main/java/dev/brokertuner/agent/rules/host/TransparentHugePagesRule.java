package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.SysPaths;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TransparentHugePages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges transparent huge pages ({@code <sysfs>/kernel/mm/transparent_hugepage/enabled} and {@code defrag}). The
 * kernel's documentation gives one reason to act: with {@code enabled=always} and {@code defrag=always}, any process
 * that faults in anonymous memory stalls, on allocation failure, in direct reclaim and compaction to get a huge page
 * at once; on a broker host, where the page cache fills memory and fragments it, that stall lands in the broker's
 * request threads. The kernel's default has been {@code defrag=madvise} since 4.6 (only regions that ask with
 * {@code MADV_HUGEPAGE}, as the JVM does with {@code -XX:+UseTransparentHugePages}, stall). {@code enabled=always}
 * alone, the default of several distributions, is not judged: neither Kafka's docs nor the kernel's give a reason
 * against it for a broker. With {@code enabled} at {@code madvise} or {@code never}, {@code defrag=always} only
 * affects regions that asked, which is what they asked for.
 */
public final class TransparentHugePagesRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.vm.transparent-hugepages";
    static final String FILE_DEFRAG = SysPaths.THP_DEFRAG;
    static final String TMPFILES = "/etc/tmpfiles.d/broker-tuner-thp.conf";

    static final RuleMeta META = RuleMeta.of(ID,
            "Transparent huge pages should not stall every allocation in direct compaction (enabled=always with "
                    + "defrag=always); defrag=madvise, the kernel's default, is recommended.",
            Set.of(Source.HOST),
            List.of(Sources.KERNEL_THP),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        HostFacts host = snapshot.host();
        TransparentHugePages thp = host.transparentHugePages();
        String subject = "transparent_hugepage";
        if (thp == null || thp.enabled() == null || thp.defrag() == null) {
            return List.of(new Outcome.Unknown(subject, "transparent_hugepage/enabled or defrag not readable "
                    + "(kernel without THP, or not exposed)"));
        }
        String state = "enabled=" + thp.enabled() + ", defrag=" + thp.defrag();
        if (!thp.enabled().equals("always") || !thp.defrag().equals("always")) {
            return List.of(new Outcome.Pass(subject, state));
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("transparent_hugepage.enabled", thp.enabled());
        evidence.put("transparent_hugepage.defrag", thp.defrag());
        String why = "Transparent huge pages are enabled for all anonymous memory (enabled=always) with defrag=always. "
                + "The kernel's documentation says that with defrag=always an application requesting a huge page "
                + "stalls on allocation failure and directly reclaims pages and compacts memory to get one at once. "
                + "broker-tuner's reasoning beyond that documentation: on a broker host the page cache fills memory, so "
                + "free huge pages are scarce and such stalls are likely, and they "
                + "happen in whichever broker thread touched new heap or buffer memory, showing as latency spikes no "
                + "broker metric explains. defrag=madvise, the kernel's default since 4.6, keeps the stall for regions "
                + "that ask for huge pages with madvise(MADV_HUGEPAGE) (the JVM does with "
                + "-XX:+UseTransparentHugePages) "
                + "and lets every other fault fall back to small pages at once. Kafka's documentation says nothing "
                + "about THP. The sysfs write takes effect at once and lasts until reboot; the tmpfiles.d line makes "
                + "systemd-tmpfiles write it at every boot. Source: " + Sources.KERNEL_THP + ".";
        List<String> apply = new ArrayList<>();
        if (SysctlValues.inContainer(host)) {
            apply.add(Shell.comment("this agent sees a container (overlay root): run these on the node itself, where "
                    + "they apply"));
        }
        apply.add(Cmd.of("echo", "madvise").to(FILE_DEFRAG).comment("now, until reboot").line());
        apply.add(Cmd.of("echo", "w " + FILE_DEFRAG + " - - - - madvise").to(TMPFILES)
                .comment("persists across reboots (systemd-tmpfiles)").line());
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, state,
                "enabled=always, defrag=madvise", why, evidence, apply)));
    }
}
