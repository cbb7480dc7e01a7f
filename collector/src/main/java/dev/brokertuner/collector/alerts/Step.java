package dev.brokertuner.collector.alerts;

import java.util.List;

/**
 * What one lifecycle step changes, written to the store in one transaction.
 *
 * @param upserts     alerts created or changed (the state after the step)
 * @param dropped     ids of pending alerts whose finding went away before they were raised
 * @param transitions the notifications the step makes (RAISED, UPDATE, CLEAR)
 */
public record Step(List<Alert> upserts, List<String> dropped, List<Transition> transitions) {
    public Step {
        upserts = List.copyOf(upserts);
        dropped = List.copyOf(dropped);
        transitions = List.copyOf(transitions);
    }

    public static Step none() {
        return new Step(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && dropped.isEmpty() && transitions.isEmpty();
    }

    /** This step followed by {@code other}. */
    public Step and(Step other) {
        var u = new java.util.ArrayList<>(upserts);
        u.addAll(other.upserts);
        var d = new java.util.ArrayList<>(dropped);
        d.addAll(other.dropped);
        var t = new java.util.ArrayList<>(transitions);
        t.addAll(other.transitions);
        return new Step(u, d, t);
    }
}
