package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges {@code vm.swappiness} (from {@code <procfs>/sys/vm/swappiness}) against the vendor guidance of 1. A host
 * with no swap configured ({@code SwapTotal: 0 kB}) passes: swappiness has no effect there.
 */
public final class SwappinessRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.vm.swappiness";
    static final String MAX = "max";

    static final RuleMeta META = new RuleMeta(ID,
            "vm.swappiness should be at most 1 on a broker host with swap, so the page cache is not traded for "
                    + "swap; passes when no swap is configured.",
            Set.of(Source.HOST), List.of(Sources.CLOUDERA_SWAP, Sources.CANONICAL),
            Map.of(MAX, 1.0), Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        long max = (long) thresholds.get(MAX, 1.0);
        OptionalLong value = SysctlValues.single(snapshot.host(), "vm.swappiness");
        Long swap = snapshot.host().swapTotalBytes();
        if (swap != null && swap == 0) {
            return List.of(new Outcome.Pass("vm.swappiness", (value.isEmpty() ? "" : "vm.swappiness="
                    + value.getAsLong() + "; ") + "no swap configured: swappiness has no effect"));
        }
        if (value.isEmpty()) {
            return List.of(new Outcome.Unknown("vm.swappiness", "vm.swappiness not readable"));
        }
        long v = value.getAsLong();
        if (v <= max) {
            return List.of(new Outcome.Pass("vm.swappiness", "vm.swappiness=" + v));
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("vm.swappiness", String.valueOf(v));
        evidence.put("threshold.max", String.valueOf(max));
        String why = "With vm.swappiness=" + v + " the kernel swaps out idle anonymous memory, including parts of "
                + "the broker's JVM heap, to keep more page cache; a GC or request that touches a swapped page then "
                + "stalls on disk I/O, on the same disks Kafka writes to. Kafka serves reads from the page cache and "
                + "sizes the heap small, so vendor guides set vm.swappiness=1 (Cloudera: \"the more memory "
                + "allocated to the swap space, the less memory can be allocated to the page cache\"). Kafka's own documentation does not name a "
                + "value. Sources: " + Sources.CLOUDERA_SWAP + "; " + Sources.CANONICAL + ".";
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.WARNING, "vm.swappiness", String.valueOf(v),
                String.valueOf(max), why, evidence, SysctlValues.apply(snapshot.host(), "vm.swappiness", max))));
    }
}
