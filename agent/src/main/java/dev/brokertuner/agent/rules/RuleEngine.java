package dev.brokertuner.agent.rules;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs the catalog's rules over a snapshot. Each rule is isolated: one that throws becomes a {@code failed} check and
 * the others still run. A rule whose required source is unavailable is answered {@code unknown} without being run.
 * Settings switch rules off and override severities and thresholds by rule id.
 */
public final class RuleEngine {
    private final List<Rule> rules;
    private final Map<String, RuleSetting> settings;

    public RuleEngine(List<Rule> rules, Map<String, RuleSetting> settings) {
        this.rules = List.copyOf(rules);
        this.settings = Map.copyOf(settings);
    }

    /** All rules with default settings. */
    public RuleEngine(List<Rule> rules) {
        this(rules, Map.of());
    }

    /** Evaluates a sampled gathering (or {@code inspect}'s, whose rules say themselves when it had no window). */
    public Evaluation evaluate(Snapshot snapshot) {
        return evaluate(snapshot, true);
    }

    /** Why a rule that needs a window is unknown in the daemon's first report. */
    public static final String NOT_SAMPLED_YET = "not sampled yet: the daemon's first report is served before its "
            + "first sample window ends; the next report judges this";

    /** Why every rule is unknown in the daemon's earliest report. */
    public static final String NOT_READ_YET = "not read yet: the daemon's earliest report is served before the "
            + "broker's network reads answer; the next report judges this";

    /**
     * The daemon's earliest report (host facts, the broker not read yet): every enabled rule answered unknown
     * ({@link #NOT_READ_YET}) without being run. Host rules too: several read broker facts when present (its configs,
     * process, partitions), so judging them against an unread broker could raise a finding the next report withdraws.
     */
    public Evaluation notReadYet() {
        List<Check> checks = new ArrayList<>();
        for (Rule rule : rules) {
            if (settings.getOrDefault(rule.id(), RuleSetting.defaults()).enabled()) {
                checks.add(new Check(rule.id(), "broker", CheckStatus.UNKNOWN, NOT_READ_YET));
            }
        }
        return new Evaluation(List.of(), checks);
    }

    /**
     * Evaluates a snapshot.
     *
     * @param sampled false for the daemon's first, unsampled gathering: every rule that requires
     *                {@link Source#WINDOW} is answered unknown ({@link #NOT_SAMPLED_YET}) without being run, so
     *                nothing judges a rate from a zero-length window
     */
    public Evaluation evaluate(Snapshot snapshot, boolean sampled) {
        List<Finding> findings = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (Rule rule : rules) {
            RuleSetting setting = settings.getOrDefault(rule.id(), RuleSetting.defaults());
            if (!setting.enabled()) {
                continue;
            }
            if (!sampled && rule.requires().contains(Source.WINDOW)) {
                checks.add(new Check(rule.id(), "window", CheckStatus.UNKNOWN, NOT_SAMPLED_YET));
                continue;
            }
            if (rule.requires().contains(Source.BROKER) && !snapshot.broker().ok()) {
                String why = snapshot.broker().reason() == null ? snapshot.broker().status().wire()
                        : snapshot.broker().status().wire() + ": " + snapshot.broker().reason();
                checks.add(new Check(rule.id(), "broker", CheckStatus.UNKNOWN, "needs the broker, which is " + why));
                continue;
            }
            List<Outcome> outcomes;
            try {
                outcomes = rule.evaluate(snapshot, setting.thresholds());
            } catch (RuntimeException e) {
                checks.add(new Check(rule.id(), "rule", CheckStatus.FAILED,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
                continue;
            }
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Outcome.Recommend r) {
                    Finding f = r.finding();
                    if (setting.severity() != null) {
                        f = new Finding(f.ruleId(), setting.severity(), f.subject(), f.current(), f.recommended(),
                                f.rationale(), f.evidence(), f.apply());
                    }
                    findings.add(f);
                } else if (outcome instanceof Outcome.Pass p) {
                    checks.add(new Check(rule.id(), p.subject(), CheckStatus.OK, p.detail()));
                } else if (outcome instanceof Outcome.Unknown u) {
                    checks.add(new Check(rule.id(), u.subject(), CheckStatus.UNKNOWN, u.reason()));
                }
            }
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new Evaluation(findings, checks);
    }
}
