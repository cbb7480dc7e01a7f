package dev.brokertuner.agent.daemon;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.host.SysctlValues;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a report's apply lines as one text an operator reads and pastes into a root shell: grouped by what they
 * change (kernel settings, mounts, RAID, the broker's config), each finding introduced by a comment naming its rule,
 * subject, severity and the change, most severe first. Every read value in the text (hostname, subject, values) is in
 * a sanitized comment; the lines themselves were built with {@link dev.brokertuner.agent.apply.Cmd}.
 *
 * <p>Kernel settings are combined: the sysctl drop-in is written once in full with every recommended key, loaded
 * with {@code sysctl --system} and read back, and each sysctl finding then lists only its other lines (notes,
 * follow-ups), so the plan never appends to the drop-in and running it twice changes nothing more. When the agent
 * sees a container, the note saying where to run them (and which sysctls are per network namespace) leads the block.
 */
public final class ApplyText {
    private static final String KERNEL = "Kernel settings (sysctl, limits)";
    private static final String WORKLOAD = "Workload (clients and topics)";

    private ApplyText() {
    }

    public static String render(Report report) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (String g : List.of(KERNEL, "Mounts and filesystems", "RAID", "Broker configuration", WORKLOAD,
                "Other")) {
            groups.put(g, new ArrayList<>());
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            if (!f.apply().isEmpty()) {
                groups.get(group(f.ruleId())).add(f);
                SysctlValues.merge(sysctls, SysctlValues.settings(f.apply()));
            }
        }
        String host = report.host().hostname() == null ? "this host" : report.host().hostname();
        StringBuilder out = new StringBuilder();
        out.append(Shell.comment("broker-tuner apply plan for " + host + ", report " + report.reportId() + " at "
                + report.generatedAt())).append('\n');
        out.append("# Review each block before running it. Lines starting with # are explanations.\n");
        boolean any = false;
        for (var e : groups.entrySet()) {
            boolean kernel = e.getKey().equals(KERNEL);
            if (e.getValue().isEmpty() && !(kernel && !sysctls.isEmpty())) {
                continue;
            }
            any = true;
            out.append("\n# ==== ").append(e.getKey()).append(" ====\n");
            if (kernel && !sysctls.isEmpty()) {
                out.append('\n');
                if (SysctlValues.inContainer(report.host())) {
                    out.append(SysctlValues.containerNote(sysctls.keySet())).append('\n');
                }
                SysctlValues.dropInFile(sysctls).forEach(l -> out.append(l).append('\n'));
            }
            for (Finding f : e.getValue()) {
                List<String> lines = sysctls.isEmpty() ? f.apply() : withoutSysctlLines(f.apply());
                out.append('\n').append(Shell.comment("[" + f.severity().wire() + "] " + f.ruleId() + " on "
                        + f.subject() + ": " + f.current() + " -> " + f.recommended())).append('\n');
                if (lines.size() < f.apply().size()) {
                    out.append("# (its sysctl is in the drop-in above)\n");
                }
                for (String line : lines) {
                    out.append(line).append('\n');
                }
            }
        }
        if (!any) {
            out.append("\n# Nothing to apply: no finding carries a change.\n");
        }
        return out.toString();
    }

    /**
     * A finding's lines without the per-key drop-in edit, its {@code sysctl -w} and the container note, which the
     * combined block above replaces.
     */
    private static List<String> withoutSysctlLines(List<String> apply) {
        Map<String, String> own = SysctlValues.settings(apply);
        if (own.isEmpty()) {
            return apply;
        }
        List<String> out = new ArrayList<>();
        for (String line : apply) {
            if (SysctlValues.isPerKeyLine(line, own) || line.startsWith("# this agent sees a container")) {
                continue;
            }
            out.add(line);
        }
        return out;
    }

    static String group(String ruleId) {
        if (ruleId.startsWith("host.vm.") || ruleId.startsWith("host.net.") || ruleId.equals("host.nofile")) {
            return KERNEL;
        }
        if (ruleId.startsWith("host.fs.")) {
            return "Mounts and filesystems";
        }
        if (ruleId.startsWith("host.raid.")) {
            return "RAID";
        }
        if (ruleId.startsWith("broker.")) {
            return "Broker configuration";
        }
        if (ruleId.startsWith("workload.")) {
            return WORKLOAD;
        }
        return "Other";
    }
}
