package dev.brokertuner.agent.cli;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.host.SysctlValues;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Report} for a terminal: a table of findings (severity, rule, subject, current -> recommended),
 * then each finding's why, evidence and apply lines, then the checks that passed or could not be judged (with the
 * reasons) and the problems met while gathering. ANSI colors only when asked (a terminal); plain ASCII otherwise.
 * Every read value printed outside the apply lines (hostname, subjects, values, evidence, check details, problems)
 * goes through {@link Shell#commentText(String)}, so a newline or escape in it can never print a line of its own
 * that a copy-paste would run.
 */
public final class TextReport {
    private static final int WIDTH = 100;
    private static final int MAX_SUBJECT = 44;
    private final boolean color;

    public TextReport(boolean color) {
        this.color = color;
    }

    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(bold("broker-tuner inspect")).append("  host ").append(text(nullSafe(report.host().hostname())))
                .append("  at ").append(report.generatedAt()).append("  agent ").append(report.agentVersion())
                .append('\n');
        out.append(hostLine(report)).append('\n');
        out.append(brokerLine(report.broker())).append("\n\n");

        List<Finding> findings = report.findings();
        if (findings.isEmpty()) {
            out.append(bold("No findings.")).append(" Every rule that could judge this host passed.\n");
        } else {
            out.append(bold("FINDINGS")).append(" (").append(counts(findings)).append(")\n");
            table(out, findings);
            out.append('\n');
            for (int i = 0; i < findings.size(); i++) {
                details(out, i + 1, findings.get(i));
            }
            sysctlBlock(out, report);
        }
        checks(out, report.checks());
        problems(out, report.problems());
        return out.toString();
    }

    private static String hostLine(Report r) {
        var h = r.host();
        List<String> parts = new ArrayList<>();
        parts.add((h.cpus() == null ? "?" : h.cpus()) + " cpus");
        parts.add(h.memoryBytes() == null ? "memory ?" : String.format(Locale.ROOT, "%.1f GiB memory",
                h.memoryBytes() / (double) (1L << 30)));
        parts.add(h.dataDirs().size() + " data dir" + (h.dataDirs().size() == 1 ? "" : "s"));
        parts.add(h.raid().size() + " md array" + (h.raid().size() == 1 ? "" : "s"));
        parts.add(NicSummary.of(h.nics()));
        parts.add(h.sampleSeconds() > 0 ? "sampled " + h.sampleSeconds() + " s" : "not sampled");
        return "  " + String.join(", ", parts);
    }

    private static String brokerLine(BrokerFacts b) {
        if (b == null) {
            return "  broker: not gathered";
        }
        StringBuilder s = new StringBuilder("  broker: ").append(b.status().wire());
        if (b.nodeId() != null) {
            s.append(", node ").append(b.nodeId());
        }
        if (b.kafkaVersion() != null) {
            s.append(", Kafka ").append(text(b.kafkaVersion()));
        }
        if (b.process() != null) {
            s.append(", pid ").append(b.process().pid());
        }
        if (b.reason() != null) {
            s.append(" (").append(text(b.reason())).append(')');
        }
        return s.toString();
    }

    private static String counts(List<Finding> findings) {
        List<String> parts = new ArrayList<>();
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.WARNING, Severity.INFO}) {
            long n = findings.stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                parts.add(n + " " + s.wire());
            }
        }
        return String.join(", ", parts);
    }

    private void table(StringBuilder out, List<Finding> findings) {
        int ruleW = "RULE".length();
        int subjW = "SUBJECT".length();
        for (Finding f : findings) {
            ruleW = Math.max(ruleW, f.ruleId().length());
            subjW = Math.max(subjW, Math.min(MAX_SUBJECT, text(f.subject()).length()));
        }
        String fmt = "  %-4s %s  %-" + ruleW + "s  %-" + subjW + "s  %s%n";
        out.append(String.format(Locale.ROOT, fmt, "#", "SEVERITY", "RULE", "SUBJECT", "CURRENT -> RECOMMENDED"));
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            String sev = colorSeverity(f.severity(), String.format(Locale.ROOT, "%-8s", f.severity().wire()));
            out.append(String.format(Locale.ROOT, fmt, "[" + (i + 1) + "]", sev, f.ruleId(),
                    ellipsize(text(f.subject()), MAX_SUBJECT), text(f.current()) + " -> " + text(f.recommended())));
        }
    }

    private void details(StringBuilder out, int n, Finding f) {
        out.append(bold("[" + n + "] ")).append(colorSeverity(f.severity(), f.severity().wire())).append("  ")
                .append(bold(f.ruleId())).append("  ").append(text(f.subject())).append('\n');
        out.append("    now: ").append(text(f.current())).append("   recommended: ").append(text(f.recommended()))
                .append('\n');
        wrap(out, "    why: ", "         ", text(f.rationale()));
        if (!f.evidence().isEmpty()) {
            List<String> ev = new ArrayList<>();
            for (Map.Entry<String, String> e : f.evidence().entrySet()) {
                ev.add(text(e.getKey()) + "=" + text(e.getValue()));
            }
            wrap(out, "    evidence: ", "              ", String.join(", ", ev));
        }
        if (!f.apply().isEmpty()) {
            out.append("    apply:\n");
            for (String line : f.apply()) {
                out.append("      ").append(line).append('\n');
            }
        }
        out.append('\n');
    }

    /**
     * When several findings change kernel settings, one block that applies them all: the drop-in written in full
     * (the same lines {@code /v1/apply} gives), so pasting it twice changes nothing more.
     */
    private void sysctlBlock(StringBuilder out, Report report) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Finding f : report.findings()) {
            SysctlValues.merge(settings, SysctlValues.settings(f.apply()));
        }
        if (settings.size() < 2) {
            return;
        }
        out.append(bold("ALL KERNEL SETTINGS ABOVE, IN ONE BLOCK")).append('\n');
        if (SysctlValues.inContainer(report.host())) {
            out.append("      ").append(SysctlValues.containerNote(settings.keySet())).append('\n');
        }
        SysctlValues.dropInFile(settings).forEach(l -> out.append("      ").append(l).append('\n'));
        out.append('\n');
    }

    private void checks(StringBuilder out, List<Check> checks) {
        long ok = checks.stream().filter(c -> c.status() == CheckStatus.OK).count();
        List<Check> unknown = checks.stream().filter(c -> c.status() == CheckStatus.UNKNOWN).toList();
        List<Check> failed = checks.stream().filter(c -> c.status() == CheckStatus.FAILED).toList();
        out.append(bold("CHECKS")).append(": ").append(ok).append(" ok, ").append(unknown.size())
                .append(" unknown, ").append(failed.size()).append(" failed\n");
        for (Check c : failed) {
            out.append("  failed   ").append(c.ruleId()).append("  ").append(text(c.subject())).append(": ")
                    .append(text(c.detail())).append('\n');
        }
        // rules skipped for one shared reason (the broker side not read) are one line, not one per rule
        Map<String, List<String>> skipped = new LinkedHashMap<>();
        for (Check c : unknown) {
            if (c.detail().startsWith(NEEDS_BROKER)) {
                skipped.computeIfAbsent(c.detail(), k -> new ArrayList<>()).add(c.ruleId());
                continue;
            }
            out.append("  unknown  ").append(c.ruleId()).append("  ").append(text(c.subject())).append(": ")
                    .append(text(c.detail())).append('\n');
        }
        skipped.forEach((detail, rules) -> out.append("  unknown  ").append(rules.size()).append(" rules (")
                .append(String.join(", ", rules)).append("): ").append(text(detail)).append('\n'));
    }

    /** How the rule engine words a rule it skipped because the broker side was not read. */
    private static final String NEEDS_BROKER = "needs the broker, which is ";

    private void problems(StringBuilder out, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        out.append('\n').append(bold("PROBLEMS")).append(" (facts that could not be read: ")
                .append(problems.size()).append(")\n");
        for (Problem p : problems) {
            out.append("  ").append(text(p.source())).append(": ").append(text(p.message())).append('\n');
        }
    }

    /** Word-wraps {@code text} to the report width. */
    static void wrap(StringBuilder out, String first, String rest, String text) {
        String prefix = first;
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && prefix.length() + line.length() + 1 + word.length() > WIDTH) {
                out.append(prefix).append(line).append('\n');
                prefix = rest;
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.append(prefix).append(line).append('\n');
        }
    }

    private static String ellipsize(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A read value, one line: control characters escaped ({@link Shell#commentText(String)}). */
    private static String text(String s) {
        return s == null ? "null" : Shell.commentText(s);
    }

    private static String nullSafe(String s) {
        return s == null ? "(unknown)" : s;
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String colorSeverity(Severity s, String text) {
        if (!color) {
            return text;
        }
        String code = switch (s) {
            case CRITICAL -> "\u001b[1;31m";
            case WARNING -> "\u001b[33m";
            case INFO -> "\u001b[36m";
        };
        return code + text + "\u001b[0m";
    }
}
