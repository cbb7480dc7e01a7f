package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The alert lifecycle, pure (no I/O, no clock, no threads): given a host's open alerts and what its next report
 * says, which alerts change and which notifications follow.
 * <ul>
 *   <li>A finding first seen makes a PENDING alert with a new id; it is RAISED once seen in
 *       {@code raiseAfterReports} consecutive reports (1 for a critical finding), and dropped if a report lacks it
 *       before then, so a flapping finding below the threshold never notifies.</li>
 *   <li>A RAISED alert absent from {@code clearAfterReports} consecutive reports is CLEAR; seen again before
 *       then, its absence count starts over. One RAISED and one CLEAR per episode. A report that could not judge
 *       an alert's rule (see {@link Observations#frozen}) is no absence: the alert stays as it is.</li>
 *   <li>A severity change of a RAISED alert is an UPDATE; a changed value alone is kept without a notification.</li>
 *   <li>With a repeat interval, a RAISED alert not acknowledged is notified again (UPDATE) once the interval has
 *       passed since its last notification.</li>
 * </ul>
 * Synthetic alerts ({@link #STALE}) are raised and cleared by {@link #stale} and {@link #reported}.
 */
public final class Lifecycle {
    /** The rule id of a host that has sent no report for {@code staleAfterSeconds}. */
    public static final String STALE = "collector.host.stale";
    /** The rule id of a report saying the agent could not reach its broker. */
    public static final String UNREACHABLE = "agent.broker.unreachable";

    private final int raiseAfter;
    private final int clearAfter;
    private final Supplier<String> ids;

    /**
     * @param raiseAfter consecutive reports with a finding before it is raised (critical findings: 1)
     * @param clearAfter consecutive reports without it before it clears
     * @param ids        makes alert ids (a random UUID in the collector)
     */
    public Lifecycle(int raiseAfter, int clearAfter, Supplier<String> ids) {
        if (raiseAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("raiseAfterReports and clearAfterReports must be at least 1");
        }
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** Consecutive reports a finding of this severity needs before it is raised. */
    public int raiseAfter(Severity s) {
        return s == Severity.CRITICAL ? 1 : raiseAfter;
    }

    /**
     * One report of a host.
     *
     * @param open     the host's pending and raised alerts from reports (not the stale alert)
     * @param observed what the report found, at or above the severity floor, by key
     * @param at       when the report was generated
     */
    public Step report(List<Alert> open, Map<AlertKey, Observation> observed, Instant at) {
        return report(open, observed, at, k -> false);
    }

    /**
     * One report of a host that could not judge some keys: an open alert whose key is {@code frozen} and is not
     * observed is left as it is (its absence is not counted, a pending one is not dropped), since the report says
     * nothing either way about it (its rule's check was unknown, or the broker could not be read).
     */
    public Step report(List<Alert> open, Map<AlertKey, Observation> observed, Instant at,
                       java.util.function.Predicate<AlertKey> frozen) {
        List<Alert> judged = open.stream().filter(a -> observed.containsKey(a.key()) || !frozen.test(a.key()))
                .toList();
        return evaluate(judged, observed, at, (a, o) -> a.seen() + 1 >= raiseAfter(o.severity()),
                o -> raiseAfter(o.severity()) <= 1, true);
    }

    /**
     * One evaluation of cluster-level conditions (run periodically, not per report): a condition is raised once it
     * has held since {@code hold} ago, and cleared after {@code clearAfterReports} evaluations without it.
     */
    public Step held(List<Alert> open, Map<AlertKey, Observation> observed, Instant now, Duration hold) {
        return evaluate(open, observed, now, (a, o) -> !now.isBefore(a.firstSeenAt().plus(hold)),
                o -> hold.isZero(), false);
    }

    private Step evaluate(List<Alert> open, Map<AlertKey, Observation> observed, Instant at,
                          java.util.function.BiPredicate<Alert, Observation> raiseNow,
                          java.util.function.Predicate<Observation> raiseAtOnce, boolean countSeen) {
        List<Alert> upserts = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        Set<AlertKey> known = new HashSet<>();
        for (Alert a : open) {
            known.add(a.key());
            Observation o = observed.get(a.key());
            if (a.state() == AlertState.PENDING) {
                if (o == null) {
                    dropped.add(a.id());
                    continue;
                }
                int seen = a.seen() + 1;
                if (raiseNow.test(a, o)) {
                    Alert r = withMessage(a.inCluster(o.cluster()), o).with(AlertState.RAISED, o.severity(), seen, 0,
                            at, null, at, o.current(), o.recommended());
                    upserts.add(r);
                    transitions.add(new Transition(r, AlertStatus.RAISED));
                } else {
                    // held conditions count time, not evaluations: an unchanged pending alert is not rewritten
                    Alert p = withMessage(a.inCluster(o.cluster()), o).with(AlertState.PENDING, o.severity(),
                            countSeen ? seen : a.seen(), 0, null, null, null, o.current(), o.recommended());
                    if (!p.equals(a)) {
                        upserts.add(p);
                    }
                }
            } else if (a.state() == AlertState.RAISED) {
                if (o == null) {
                    int absent = a.absent() + 1;
                    if (absent >= clearAfter) {
                        Alert c = a.with(AlertState.CLEARED, a.severity(), a.seen(), absent, a.raisedAt(), at,
                                a.lastNotifiedAt(), a.current(), a.recommended());
                        upserts.add(c);
                        transitions.add(new Transition(c, AlertStatus.CLEAR));
                    } else {
                        upserts.add(a.with(AlertState.RAISED, a.severity(), a.seen(), absent, a.raisedAt(), null,
                                a.lastNotifiedAt(), a.current(), a.recommended()));
                    }
                    continue;
                }
                boolean changedSeverity = o.severity() != a.severity();
                Alert now = withMessage(a.inCluster(o.cluster()), o).with(AlertState.RAISED, o.severity(), a.seen(), 0,
                        a.raisedAt(), null, changedSeverity ? at : a.lastNotifiedAt(), o.current(), o.recommended());
                if (!now.equals(a)) {
                    upserts.add(now);
                }
                if (changedSeverity) {
                    transitions.add(new Transition(now, AlertStatus.UPDATE));
                }
            }
        }
        for (Observation o : observed.values()) {
            if (known.contains(o.key())) {
                continue;
            }
            Alert fresh = new Alert(ids.get(), o.key(), o.cluster(), AlertState.PENDING, o.severity(), 1, 0, at,
                    null, null, null, o.current(), o.recommended(), o.message(), null);
            if (raiseAtOnce.test(o)) {
                Alert r = fresh.with(AlertState.RAISED, o.severity(), 1, 0, at, null, at, o.current(),
                        o.recommended());
                upserts.add(r);
                transitions.add(new Transition(r, AlertStatus.RAISED));
            } else {
                upserts.add(fresh);
            }
        }
        return new Step(upserts, dropped, transitions);
    }

    private static Alert withMessage(Alert a, Observation o) {
        return o.message() == null ? a : a.withMessage(o.message());
    }

    /**
     * A host found stale at {@code now} (its last report was received at {@code lastReceived}): its stale alert is
     * raised at once (the staleness period is its threshold), unless one is open.
     */
    public Step stale(String host, String cluster, Alert openStale, Instant lastReceived, Instant now) {
        if (openStale != null) {
            return Step.none();
        }
        Alert r = new Alert(ids.get(), new AlertKey(host, STALE, "host " + host), cluster, AlertState.RAISED,
                Severity.WARNING, 1, 0, now, now, null, now, "last report " + lastReceived, "a report every "
                + "gathering interval", null, null);
        return new Step(List.of(r), List.of(), List.of(new Transition(r, AlertStatus.RAISED)));
    }

    /** A report arrived from a host whose stale alert is open: it clears at once. */
    public Step reported(Alert openStale, Instant at) {
        if (openStale == null || openStale.state() != AlertState.RAISED) {
            return Step.none();
        }
        Alert c = openStale.with(AlertState.CLEARED, openStale.severity(), openStale.seen(), 1,
                openStale.raisedAt(), at, openStale.lastNotifiedAt(), openStale.current(), openStale.recommended());
        return new Step(List.of(c), List.of(), List.of(new Transition(c, AlertStatus.CLEAR)));
    }

    /**
     * Raised, unacknowledged alerts whose last notification is at least {@code interval} before {@code now} are
     * notified again (UPDATE). A null interval (the default) never repeats.
     */
    public Step repeats(List<Alert> raised, Duration interval, Instant now) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return Step.none();
        }
        List<Alert> upserts = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        for (Alert a : raised) {
            if (a.state() != AlertState.RAISED || a.ack() != null || a.lastNotifiedAt() == null
                    || a.lastNotifiedAt().plus(interval).isAfter(now)) {
                continue;
            }
            Alert r = a.with(AlertState.RAISED, a.severity(), a.seen(), a.absent(), a.raisedAt(), null, now,
                    a.current(), a.recommended());
            upserts.add(r);
            transitions.add(new Transition(r, AlertStatus.UPDATE));
        }
        return new Step(upserts, List.of(), transitions);
    }
}
