package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.alerts.ClusterPeers.Peer;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Lifecycle} over the collector's reports and clock, and turns its transitions into routed
 * notifications in the {@link AlertStore}: each step and its notifications in one transaction, and only then the
 * in-memory state, so a failed write changes nothing and a crash never splits them. Reports of a host are taken in
 * generation order: a report generated before the last one taken (a late delivery from an agent's outbox) is not
 * fed to the lifecycle. Thread-safe: every entry point is serialized.
 */
public final class AlertService {
    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    private final AlertsConfig config;
    private final AlertStore store;
    private final Set<String> receivers;
    private final Clock clock;
    private final ReportJson json;
    private final Lifecycle lifecycle;
    private final Severity floor;
    private final long staleAfterSeconds;
    private final Instant startedAt;
    private final Runnable queued;
    private final ClusterObservations clusterObservations = new ClusterObservations();
    /** Open (pending and raised) alerts by host, then key. */
    private final Map<String, Map<AlertKey, Alert>> open = new HashMap<>();
    /** A stored report's JSON by id, for reports that reach the lifecycle without their body (a shared store). */
    private volatile java.util.function.Function<String, Optional<byte[]>> bodies = id -> Optional.empty();
    /** The generation time of the last report taken per host. */
    private final Map<String, Instant> lastTaken = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger raisedCount = new java.util.concurrent.atomic.AtomicInteger();
    /** Each host's latest topic and group observations, by host (see {@link #shared}). */
    private final ClusterPeers peers = new ClusterPeers();
    /** Ids of raised alerts whose RAISED a silence held back and that no receiver has had since. */
    private final Set<String> heldBack = new java.util.HashSet<>();

    /**
     * @param receivers         the names of the receivers that exist (routes naming others deliver nowhere)
     * @param staleAfterSeconds a host silent this long gets {@link Lifecycle#STALE}
     * @param known             the hosts' latest summaries at start (their reports are not taken again)
     * @param queued            called after notifications were queued (wakes the delivery worker)
     */
    public AlertService(AlertsConfig config, AlertStore store, Set<String> receivers, Clock clock, ReportJson json,
                        long staleAfterSeconds, Collection<HostSummary> known, Runnable queued)
            throws AlertStoreException {
        this.config = config;
        this.store = store;
        this.receivers = Set.copyOf(receivers);
        this.clock = clock;
        this.json = json;
        this.lifecycle = new Lifecycle(config.raiseAfterReports(), config.clearAfterReports(),
                () -> UUID.randomUUID().toString());
        this.floor = Observations.floor(config.routes());
        this.staleAfterSeconds = staleAfterSeconds;
        this.startedAt = clock.instant();
        this.queued = queued;
        loadOpen();
        for (HostSummary s : known) {
            lastTaken.put(s.hostname(), s.generatedAt());
            Map<AlertKey, Observation> shared = new LinkedHashMap<>();
            Observations.of(s, floor).forEach((k, o) -> {
                if (k.clusterLevel()) {
                    shared.put(k, o);
                }
            });
            peers.put(s.hostname(), new Peer(s.clusterKey(), s.generatedAt(), shared));
        }
        count();
    }

    /** How long cleared episodes are kept (the collector's {@code retentionDays}); null keeps them. */
    private volatile Duration retention;
    /** When retention last ran. */
    private Instant retainedAt;
    /** How often {@link #tick} runs retention. */
    static final Duration RETAIN_EVERY = Duration.ofHours(1);

    /** Deletes alert history older than {@code keep} from {@link #tick}, hourly (the collector's retention). */
    public AlertService retaining(Duration keep) {
        this.retention = keep;
        return this;
    }

    /** Where reports that arrive without a body ({@code gzJson} null) are read from. */
    public AlertService readingBodiesFrom(java.util.function.Function<String, Optional<byte[]>> bodies) {
        this.bodies = bodies;
        return this;
    }

    /**
     * Reads the open alerts again from the store: with a store shared by several collectors, the collector that
     * takes over the once-only lock (and with it the lifecycle) starts from what the previous holder wrote. Reports
     * stored while another collector held the lock were that one's to take.
     */
    public synchronized void reload() throws AlertStoreException {
        store.resync();
        loadOpen();
        count();
    }

    private void loadOpen() throws AlertStoreException {
        open.clear();
        heldBack.clear();
        for (Alert a : store.open()) {
            open.computeIfAbsent(a.key().host(), h -> new HashMap<>()).put(a.key(), a);
            if (a.state() == AlertState.RAISED && notified(a.id()).isEmpty() && store.notifications(a.id()).stream()
                    .anyMatch(n -> n.silencedBy() != null)) {
                heldBack.add(a.id());
            }
        }
    }

    /** Reports just made durable, in any order: each host's are taken oldest first. */
    public synchronized void onStored(List<Incoming> batch) {
        ClusterPeers peersAfter = new ClusterPeers();
        List<Incoming> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparing((Incoming i) -> i.summary().generatedAt()));
        Step all = Step.none();
        Map<String, Map<AlertKey, Alert>> after = new HashMap<>();
        for (Incoming in : sorted) {
            HostSummary s = in.summary();
            Instant last = lastTaken.get(s.hostname());
            if (last != null && !s.generatedAt().isAfter(last)) {
                continue;
            }
            lastTaken.put(s.hostname(), s.generatedAt());
            Map<AlertKey, Alert> mine = after.computeIfAbsent(s.hostname(),
                    h -> new HashMap<>(open.getOrDefault(h, Map.of())));
            List<Alert> fromReports = mine.values().stream()
                    .filter(a -> !a.key().ruleId().equals(Lifecycle.STALE)).toList();
            Alert stale = mine.get(staleKey(s.hostname()));
            Map<AlertKey, Observation> observed = Observations.of(s, floor);
            Map<AlertKey, Observation> own = new LinkedHashMap<>();
            Map<AlertKey, Observation> shared = new LinkedHashMap<>();
            observed.forEach((k, o) -> (k.clusterLevel() ? shared : own).put(k, o));
            java.util.function.Predicate<AlertKey> frozen = Observations.frozen(s);
            Step step = lifecycle.report(fromReports, own, s.generatedAt(), frozen)
                    .and(lifecycle.reported(stale, clock.instant()));
            step = enrich(step, in);
            applyTo(mine, step);
            all = all.and(step);
            if (!Summaries.UNASSIGNED.equals(s.clusterKey())) {
                Step clusterStep = enrich(shared(s, shared, frozen, after, peersAfter), in);
                applyTo(after.get(AlertKey.CLUSTER_PREFIX + s.clusterKey()), clusterStep);
                all = all.and(clusterStep);
            }
        }
        commit(all, after);
        peers.putAll(peersAfter);
    }

    /**
     * The topic and group alerts of the report's cluster (keyed by cluster, rule and subject: which broker reports
     * a group, its coordinator, moves). A report judges such an alert when it has the finding itself (seen), or
     * when no broker of the cluster whose last report is recent has it (absent); a broker that does not report a
     * finding another broker reports says nothing about it. A finding of a report that could not judge its rule
     * is carried from that broker's previous report, so a coordinator that restarts does not clear it either.
     */
    private Step shared(HostSummary s, Map<AlertKey, Observation> shared, java.util.function.Predicate<AlertKey> frozen,
                        Map<String, Map<AlertKey, Alert>> after, ClusterPeers peersAfter) {
        String cluster = s.clusterKey();
        Peer prev = peersAfter.contains(s.hostname()) ? peersAfter.get(s.hostname()) : peers.get(s.hostname());
        Map<AlertKey, Observation> mineNow = new LinkedHashMap<>(shared);
        if (prev != null && prev.cluster().equals(cluster)) {
            prev.shared().forEach((k, o) -> {
                if (frozen.test(k)) {
                    mineNow.putIfAbsent(k, o);
                }
            });
        }
        peersAfter.put(s.hostname(), new Peer(cluster, s.generatedAt(), mineNow));
        Map<AlertKey, Observation> union = new LinkedHashMap<>();
        // this cluster's brokers only (the batch's entries over the earlier ones), not a pass over the fleet
        for (Peer p : peers.cluster(cluster, peersAfter)) {
            if (p.at().plusSeconds(staleAfterSeconds).isBefore(s.generatedAt())) {
                continue;
            }
            p.shared().forEach((k, o) -> union.merge(k, o,
                    (a, b) -> b.severity().compareTo(a.severity()) > 0 ? b : a));
        }
        String pseudo = AlertKey.CLUSTER_PREFIX + cluster;
        Map<AlertKey, Alert> mine = after.computeIfAbsent(pseudo, h -> new HashMap<>(open.getOrDefault(h, Map.of())));
        List<Alert> alerts = mine.values().stream().filter(a -> !ClusterObservations.judges(a.key().ruleId()))
                .toList();
        Set<AlertKey> judged = new java.util.HashSet<>(shared.keySet());
        alerts.stream().map(Alert::key).filter(k -> !union.containsKey(k) && !frozen.test(k)).forEach(judged::add);
        Map<AlertKey, Observation> seen = new LinkedHashMap<>();
        shared.keySet().forEach(k -> seen.put(k, union.get(k)));
        return lifecycle.report(alerts, seen, s.generatedAt(), k -> !judged.contains(k));
    }

    /** The periodic check: hosts silent for {@code staleAfterSeconds}, and repeats of long-open alerts. */
    public synchronized void tick(Collection<HostSummary> hosts) {
        Instant now = clock.instant();
        retain(now);
        Step all = Step.none();
        Map<String, Map<AlertKey, Alert>> after = new HashMap<>();
        // after a restart every host looks silent until agents have had a period to report again
        if (!now.isBefore(startedAt.plusSeconds(staleAfterSeconds))) {
            for (HostSummary s : hosts) {
                if (!s.staleAt(now, staleAfterSeconds)) {
                    continue;
                }
                Map<AlertKey, Alert> mine = after.computeIfAbsent(s.hostname(),
                        h -> new HashMap<>(open.getOrDefault(h, Map.of())));
                Step step = lifecycle.stale(s.hostname(), s.clusterKey(), mine.get(staleKey(s.hostname())),
                        s.receivedAt(), now);
                step = withFallbackMessages(step);
                applyTo(mine, step);
                all = all.and(step);
            }
        }
        all = all.and(clusters(hosts, now, after));
        // repeats judge the state after this tick's other changes (an alert cleared just now does not repeat)
        Set<String> hostsNow = new java.util.HashSet<>(open.keySet());
        hostsNow.addAll(after.keySet());
        List<Alert> raised = hostsNow.stream()
                .flatMap(h -> after.getOrDefault(h, open.getOrDefault(h, Map.of())).values().stream())
                .filter(a -> a.state() == AlertState.RAISED).toList();
        Step resumed = resumed(raised, now);
        raised = raised.stream().filter(a -> resumed.upserts().stream().noneMatch(r -> r.id().equals(a.id())))
                .toList();
        for (Alert a : resumed.upserts()) {
            after.computeIfAbsent(a.key().host(), h -> new HashMap<>(open.getOrDefault(h, Map.of())))
                    .put(a.key(), a);
        }
        all = all.and(resumed);
        Step repeats = lifecycle.repeats(raised, config.repeatInterval(), now);
        for (Alert a : repeats.upserts()) {
            after.computeIfAbsent(a.key().host(), h -> new HashMap<>(open.getOrDefault(h, Map.of())))
                    .put(a.key(), a);
        }
        commit(all.and(repeats), after);
    }

    private void retain(Instant now) {
        Duration keep = retention;
        if (keep == null || retainedAt != null && now.isBefore(retainedAt.plus(RETAIN_EVERY))) {
            return;
        }
        retainedAt = now;
        try {
            int n = store.deleteBefore(now.minus(keep));
            if (n > 0) {
                LOG.info("retention: deleted {} alert episode(s) cleared over {} days ago", n, keep.toDays());
            }
        } catch (AlertStoreException e) {
            LOG.warn("alert retention failed (tried again in {} min): {}", RETAIN_EVERY.toMinutes(), e.getMessage());
        }
    }

    /**
     * Raised alerts whose RAISED a silence held back, now that no silence matches them: their RAISED is sent (a
     * silence that ends on a still-open alert does not leave it unnotified).
     */
    private Step resumed(List<Alert> raised, Instant now) {
        List<Alert> held = raised.stream().filter(a -> heldBack.contains(a.id())).toList();
        if (held.isEmpty()) {
            return Step.none();
        }
        List<Silence> silences;
        try {
            silences = store.silences(now);
        } catch (AlertStoreException e) {
            LOG.warn("silences could not be read, alerts held back by one stay so until the next check: {}",
                    e.getMessage());
            return Step.none();
        }
        List<Alert> upserts = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        for (Alert a : held) {
            if (silences.stream().anyMatch(x -> x.silences(a, now))) {
                continue;
            }
            Alert r = a.with(AlertState.RAISED, a.severity(), a.seen(), a.absent(), a.raisedAt(), null, now,
                    a.current(), a.recommended());
            upserts.add(r);
            transitions.add(new Transition(r, AlertStatus.RAISED));
        }
        return new Step(upserts, List.of(), transitions);
    }

    /** Cluster-level conditions of every cluster with 2 or more hosts, and of those whose alerts are open. */
    private Step clusters(Collection<HostSummary> hosts, Instant now, Map<String, Map<AlertKey, Alert>> after) {
        Map<String, List<HostSummary>> clusters = ClusterObservations.clusters(List.copyOf(hosts));
        Set<String> keys = new java.util.TreeSet<>(clusters.keySet());
        open.keySet().stream().filter(h -> h.startsWith(AlertKey.CLUSTER_PREFIX))
                .map(h -> h.substring(AlertKey.CLUSTER_PREFIX.length())).forEach(keys::add);
        Step all = Step.none();
        for (String cluster : keys) {
            String pseudo = AlertKey.CLUSTER_PREFIX + cluster;
            Map<AlertKey, Observation> seen = new LinkedHashMap<>();
            List<HostSummary> members = clusters.get(cluster);
            if (members != null) {
                clusterObservations.of(cluster, members, now, staleAfterSeconds).forEach((k, o) -> {
                    if (o.severity().atLeast(floor)) {
                        seen.put(k, o);
                    }
                });
            }
            Map<AlertKey, Alert> mine = after.computeIfAbsent(pseudo,
                    h -> new HashMap<>(open.getOrDefault(h, Map.of())));
            if (seen.isEmpty()
                    && mine.values().stream().noneMatch(a -> ClusterObservations.judges(a.key().ruleId()))) {
                continue;
            }
            Step step = withFallbackMessages(lifecycle.held(mine.values().stream()
                    .filter(a -> ClusterObservations.judges(a.key().ruleId())).toList(), seen, now,
                    ClusterObservations.HOLD));
            applyTo(mine, step);
            all = all.and(step);
        }
        return all;
    }

    /** Acknowledges a raised alert (repeats stop); false when there is no such raised alert. */
    public synchronized boolean ack(String alertId, String by, String comment) throws AlertStoreException {
        Alert.Ack ack = new Alert.Ack(clock.instant(), by, comment);
        if (!store.ack(alertId, ack)) {
            return false;
        }
        for (Map<AlertKey, Alert> m : open.values()) {
            for (Map.Entry<AlertKey, Alert> e : m.entrySet()) {
                if (e.getValue().id().equals(alertId)) {
                    e.setValue(e.getValue().acknowledged(ack));
                }
            }
        }
        count();
        return true;
    }

    /** Raised alerts now; never waits for the lifecycle (metrics read it on the event loop). */
    public int openCount() {
        return raisedCount.get();
    }

    private void count() {
        raisedCount.set((int) open.values().stream().flatMap(m -> m.values().stream())
                .filter(a -> a.state() == AlertState.RAISED).count());
    }

    private static AlertKey staleKey(String host) {
        return new AlertKey(host, Lifecycle.STALE, "host " + host);
    }

    private static void applyTo(Map<AlertKey, Alert> mine, Step step) {
        for (String id : step.dropped()) {
            mine.values().removeIf(a -> a.id().equals(id));
        }
        for (Alert a : step.upserts()) {
            if (a.state() == AlertState.CLEARED) {
                mine.remove(a.key());
            } else {
                mine.put(a.key(), a);
            }
        }
    }

    /** Raised alerts take their message from the report that raised them. */
    private Step enrich(Step step, Incoming in) {
        if (step.transitions().stream().noneMatch(t -> t.status() != AlertStatus.CLEAR)) {
            return withFallbackMessages(step);
        }
        Report report = decode(in).orElse(null);
        Map<String, Alert> changed = new HashMap<>();
        for (Transition t : step.transitions()) {
            if (t.status() == AlertStatus.CLEAR) {
                continue;
            }
            String m = report == null ? null : Messages.fromReport(t.alert().key(), report);
            changed.put(t.alert().id(), t.alert().withMessage(m != null ? m
                    : Messages.fallback(t.alert(), t.status())));
        }
        return withFallbackMessages(replace(step, changed));
    }

    private static Step withFallbackMessages(Step step) {
        Map<String, Alert> changed = new HashMap<>();
        for (Transition t : step.transitions()) {
            if (t.alert().message() == null) {
                changed.put(t.alert().id(), t.alert().withMessage(Messages.fallback(t.alert(), t.status())));
            }
        }
        return changed.isEmpty() ? step : replace(step, changed);
    }

    private static Step replace(Step step, Map<String, Alert> changed) {
        return new Step(step.upserts().stream().map(a -> changed.getOrDefault(a.id(), a)).toList(), step.dropped(),
                step.transitions().stream().map(t -> new Transition(changed.getOrDefault(t.alert().id(), t.alert()),
                        t.status())).toList());
    }

    private Optional<Report> decode(Incoming in) {
        if (in.gzJson() == null) {
            try {
                Optional<byte[]> body = bodies.apply(in.reportId());
                return body.isEmpty() ? Optional.empty() : Optional.of(json.read(body.get()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("report {} could not be read for its alert messages: {}", in.reportId(), e.getMessage());
                return Optional.empty();
            }
        }
        try (var gz = new GZIPInputStream(new ByteArrayInputStream(in.gzJson()))) {
            return Optional.of(json.read(gz.readAllBytes()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("report {} could not be read for its alert messages: {}", in.reportId(), e.getMessage());
            return Optional.empty();
        }
    }

    private void commit(Step step, Map<String, Map<AlertKey, Alert>> after) {
        if (step.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Outgoing> out = new ArrayList<>();
        Set<String> held = new java.util.HashSet<>(heldBack);
        try {
            List<Silence> silences = step.transitions().isEmpty() ? List.of() : store.silences(now);
            Map<String, Set<String>> episodes = new HashMap<>();
            for (Transition t : step.transitions()) {
                out.add(outgoing(t, silences, now, episodes, held));
            }
            store.apply(step, out, now);
        } catch (AlertStoreException e) {
            LOG.warn("alert state was not written, these reports' alert changes are lost: {}", e.getMessage());
            return;
        }
        heldBack.clear();
        heldBack.addAll(held);
        for (Map.Entry<String, Map<AlertKey, Alert>> e : after.entrySet()) {
            if (e.getValue().isEmpty()) {
                open.remove(e.getKey());
            } else {
                open.put(e.getKey(), e.getValue());
            }
        }
        count();
        if (!out.isEmpty()) {
            queued.run();
        }
    }

    /**
     * The notification of a transition and its receivers. A RAISED goes where the routes say, unless silenced. An
     * UPDATE goes to every receiver that had the episode (its RAISED or an UPDATE) and to those the routes name for
     * the new severity, unless silenced. A CLEAR goes to every receiver that had the episode, silenced or not, so an
     * incident opened is always resolved; a CLEAR of an episode no receiver had is recorded only.
     *
     * @param episodes the receivers that had each alert's episode, filled as this batch routes
     * @param held     the alerts whose RAISED is held back by a silence, updated as this batch routes
     */
    private Outgoing outgoing(Transition t, List<Silence> silences, Instant now, Map<String, Set<String>> episodes,
                              Set<String> held) throws AlertStoreException {
        Alert a = t.alert();
        Set<String> had = episodes.get(a.id());
        if (had == null) {
            had = t.status() == AlertStatus.RAISED && !held.contains(a.id()) ? new LinkedHashSet<>()
                    : notified(a.id());
            episodes.put(a.id(), had);
        }
        Notification n = notification(t);
        Optional<Silence> silence = silences.stream().filter(s -> s.silences(a, now)).findFirst();
        if (t.status() == AlertStatus.CLEAR) {
            held.remove(a.id());
            return had.isEmpty() ? new Outgoing(n, List.of(), silence.map(Silence::id).orElse(null))
                    : new Outgoing(n, List.copyOf(had), null);
        }
        if (silence.isPresent()) {
            if (had.isEmpty()) {
                held.add(a.id());
            }
            return new Outgoing(n, List.of(), silence.get().id());
        }
        Set<String> to = new LinkedHashSet<>(had);
        to.addAll(route(a.cluster(), a.severity()));
        had.addAll(to);
        held.remove(a.id());
        return new Outgoing(n, List.copyOf(to), null);
    }

    /** The receivers (that exist) that have had this alert's RAISED or an UPDATE of it, queued or delivered. */
    private Set<String> notified(String alertId) throws AlertStoreException {
        Set<String> out = new LinkedHashSet<>();
        for (Delivery d : store.deliveries(alertId)) {
            if (d.status() != AlertStatus.CLEAR && d.state() != DeliveryState.REJECTED
                    && d.state() != DeliveryState.EXPIRED
                    && receivers.contains(d.receiver())) {
                out.add(d.receiver());
            }
        }
        return out;
    }

    private Notification notification(Transition t) {
        Alert a = t.alert();
        Notification n = new Notification(UUID.randomUUID().toString(), a.id(), t.status(), a.key().ruleId(),
                a.severity(), a.cluster(), a.key().hostOrNull(), a.key().subject(), Messages.title(a, t.status()),
                a.message() == null ? Messages.fallback(a, t.status()) : a.message(), a.current(), a.recommended(),
                config.docUrl(a.key().ruleId()), a.raisedAt(), t.status() == AlertStatus.CLEAR ? a.clearedAt() : null,
                config.dashboardUrl() == null ? null
                        : config.dashboardUrl().replaceAll("/+$", "") + "/#/alerts/" + a.id(), false);
        return n;
    }

    /** The receivers of every route that matches, each once, in route order; only receivers that exist. */
    List<String> route(String cluster, Severity severity) {
        Set<String> out = new LinkedHashSet<>();
        for (Route r : config.routes()) {
            if (r.matches(cluster, severity)) {
                r.receivers().stream().filter(receivers::contains).forEach(out::add);
            }
        }
        return List.copyOf(out);
    }

    /** How often {@link #tick} should run: a tenth of the staleness period, between 1 s and 30 s. */
    public Duration tickEvery() {
        long ms = Math.max(1000, Math.min(30_000, staleAfterSeconds * 100));
        return Duration.ofMillis(ms);
    }
}
