package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * No flapping thread-pool advice. A thread rule judges each window with its pure single-window logic; the daemon
 * recommends only when {@code agreeWindows} consecutive windows (gatherings, one per {@code intervalSeconds}) ask for
 * the change, and once it recommends, the advice clears only after as many consecutive healthy windows (hysteresis).
 * Windows more than {@code maxWindowGapSeconds} apart (900 s by default) are not consecutive: the run starts over.
 * A window whose verdict is unknown (broker unreachable, a meter not read), or that was judged under other values of
 * the configs the advice is about (the operator applied a change since), breaks both runs and changes nothing.
 * The earlier windows come from {@link Snapshot#earlier()}, each judged the same way as the current one; the state
 * is rebuilt from the kept history every time, so the rule stays pure. {@code inspect} has one window: it recommends
 * from it and says so.
 */
final class WindowAgreement {
    static final String THRESHOLD = "agreeWindows";
    static final double DEFAULT = 3;
    /** Windows further apart than this (the agent paused, the host slept) are not consecutive. */
    static final String GAP = "maxWindowGapSeconds";
    static final double DEFAULT_GAP = 900;
    static final String HEURISTIC = "broker-tuner's own heuristic: a thread-pool change is advised by the daemon only "
            + "when agreeWindows (3 by default) consecutive windows (at most maxWindowGapSeconds, 900 s, apart) agree, "
            + "and cleared only after as many healthy windows; inspect judges its single window";

    private WindowAgreement() {
    }

    private enum Verdict { CHANGE, HEALTHY, UNKNOWN }

    /**
     * The rule's outcome for the current window after agreement across windows.
     *
     * @param window the rule's single-window logic
     */
    static List<Outcome> judge(Snapshot snapshot, Thresholds thresholds,
                               BiFunction<Snapshot, Thresholds, List<Outcome>> window, List<String> configs) {
        int k = (int) Math.max(1, Math.round(thresholds.get(THRESHOLD, DEFAULT)));
        List<Outcome> current = window.apply(snapshot, thresholds);
        if (snapshot.singleWindow()) {
            return annotate(current, "single window (inspect): judged from this one sample window; the daemon "
                    + "advises a thread-pool change only when " + k + " consecutive windows agree", "1 (single window)");
        }
        List<Snapshot> oldestFirst = new ArrayList<>(snapshot.earlier());
        java.util.Collections.reverse(oldestFirst);
        boolean on = false;
        int change = 0;
        int healthy = 0;
        Snapshot lastChange = null;
        List<String> now0 = values(snapshot, configs);
        double maxGap = thresholds.get(GAP, DEFAULT_GAP);
        List<Snapshot> all = new ArrayList<>(oldestFirst);
        all.add(snapshot);
        int start = 0;
        for (int i = 1; i < all.size(); i++) {
            // a gap longer than maxWindowGapSeconds starts over: what came before it is not consecutive
            java.time.Instant a = all.get(i - 1).at();
            java.time.Instant b = all.get(i).at();
            if (a != null && b != null && b.getEpochSecond() - a.getEpochSecond() > maxGap) {
                start = i;
            }
        }
        oldestFirst = new ArrayList<>(oldestFirst.subList(Math.min(start, oldestFirst.size()), oldestFirst.size()));
        for (Snapshot s : oldestFirst) {
            // a window judged under other settings (the operator applied a change since) says nothing about now
            Verdict v = values(s, configs).equals(now0) ? verdict(window.apply(s, thresholds)) : Verdict.UNKNOWN;
            if (v == Verdict.CHANGE) {
                lastChange = s;
            }
            on = step(v, on, k, change, healthy);
            change = v == Verdict.CHANGE ? change + 1 : 0;
            healthy = v == Verdict.HEALTHY ? healthy + 1 : 0;
        }
        Verdict now = verdict(current);
        on = step(now, on, k, change, healthy);
        change = now == Verdict.CHANGE ? change + 1 : 0;
        healthy = now == Verdict.HEALTHY ? healthy + 1 : 0;
        int windows = oldestFirst.size() + 1;
        if (now == Verdict.UNKNOWN) {
            return current;
        }
        if (now == Verdict.CHANGE) {
            if (on) {
                return annotate(current, change + " consecutive windows agree (" + k + " required), so the "
                        + "change is advised", change + " of " + windows + " windows kept (" + k + " required)");
            }
            int agreeing = change;
            return current.stream().map(o -> o instanceof Outcome.Recommend r
                    ? (Outcome) new Outcome.Unknown(r.finding().subject(), "this window asks for a change ("
                    + r.finding().current() + " -> " + r.finding().recommended() + "), but only " + agreeing
                    + " consecutive window(s) agree and " + k + " are required before the daemon advises it "
                    + "(no flapping advice)")
                    : o).toList();
        }
        if (on && lastChange != null) {
            int kept = healthy;
            List<Outcome> held = window.apply(lastChange, thresholds);
            return annotate(held.stream().filter(o -> o instanceof Outcome.Recommend).toList(),
                    "held: the advice was made when " + k + " consecutive windows agreed; the last " + kept
                            + " window(s) look healthy and it clears after " + k + " healthy windows in a row "
                            + "(hysteresis), so this is the newest window that asked for it"
                            + (lastChange.at() == null ? "" : " (" + lastChange.at() + ")"),
                    "held (" + kept + " of " + k + " healthy windows)");
        }
        return current;
    }

    /** The values of the configs the advice is about, as read in that window. */
    private static List<String> values(Snapshot s, List<String> configs) {
        return configs.stream().map(c -> s.broker().config(c).map(v -> String.valueOf(v.value())).orElse("?"))
                .toList();
    }

    /** Turns the advice on after k agreeing windows, off after k healthy ones. */
    private static boolean step(Verdict v, boolean on, int k, int changeBefore, int healthyBefore) {
        if (v == Verdict.CHANGE && changeBefore + 1 >= k) {
            return true;
        }
        if (v == Verdict.HEALTHY && healthyBefore + 1 >= k) {
            return false;
        }
        return on;
    }

    private static Verdict verdict(List<Outcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Recommend)) {
            return Verdict.CHANGE;
        }
        if (!outcomes.isEmpty() && outcomes.stream().allMatch(o -> o instanceof Outcome.Pass)) {
            return Verdict.HEALTHY;
        }
        return Verdict.UNKNOWN;
    }

    private static List<Outcome> annotate(List<Outcome> outcomes, String note, String agreement) {
        return outcomes.stream().map(o -> {
            if (!(o instanceof Outcome.Recommend r)) {
                return o;
            }
            Finding f = r.finding();
            Map<String, String> evidence = new LinkedHashMap<>(f.evidence());
            evidence.put("windowsAgreeing", agreement);
            String why = f.rationale();
            int sources = why.lastIndexOf("Sources: ");
            String text = "Windows: " + note + ". ";
            why = sources < 0 ? why + " " + text : why.substring(0, sources) + text + why.substring(sources);
            return (Outcome) new Outcome.Recommend(new Finding(f.ruleId(), f.severity(), f.subject(), f.current(),
                    f.recommended(), why, evidence, f.apply()));
        }).toList();
    }
}
