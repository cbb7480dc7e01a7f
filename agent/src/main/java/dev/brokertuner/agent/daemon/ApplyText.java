package dev.brokertuner.agent.daemon;

import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a report's apply lines as one text an operator reads and pastes: grouped by what they change (kernel
 * settings, mounts, RAID, the broker's config), each finding introduced by a comment naming its rule, subject,
 * severity and the change, most severe first.
 */
public final class ApplyText {
    private ApplyText() {
    }

    public static String render(Report report) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (String g : List.of("Kernel settings (sysctl, limits)", "Mounts and filesystems", "RAID",
                "Broker configuration", "Other")) {
            groups.put(g, new ArrayList<>());
        }
        for (Finding f : report.findings()) {
            if (!f.apply().isEmpty()) {
                groups.get(group(f.ruleId())).add(f);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# broker-tuner apply plan for ").append(report.host().hostname() == null ? "this host"
                : report.host().hostname()).append(", report ").append(report.reportId()).append(" at ")
                .append(report.generatedAt()).append('\n');
        out.append("# Review each block before running it. Lines starting with # are explanations.\n");
        boolean any = false;
        for (var e : groups.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            any = true;
            out.append("\n# ==== ").append(e.getKey()).append(" ====\n");
            for (Finding f : e.getValue()) {
                out.append("\n# [").append(f.severity().wire()).append("] ").append(f.ruleId()).append(" on ")
                        .append(f.subject()).append(": ").append(f.current()).append(" -> ")
                        .append(f.recommended()).append('\n');
                for (String line : f.apply()) {
                    out.append(line).append('\n');
                }
            }
        }
        if (!any) {
            out.append("\n# Nothing to apply: no finding carries a change.\n");
        }
        return out.toString();
    }

    static String group(String ruleId) {
        if (ruleId.startsWith("host.vm.") || ruleId.startsWith("host.net.") || ruleId.equals("host.nofile")) {
            return "Kernel settings (sysctl, limits)";
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
        return "Other";
    }
}
