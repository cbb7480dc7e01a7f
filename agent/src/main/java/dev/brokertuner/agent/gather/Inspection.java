package dev.brokertuner.agent.gather;

import dev.brokertuner.agent.rules.Evaluation;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.Report;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One gathering and evaluation: host and broker facts read side by side over the same sample window, the rules
 * run over them, and a {@link Report} assembled. Used by {@code inspect} once and by the daemon every interval.
 * Blocking: call it off any event loop.
 */
public final class Inspection {
    private final HostGatherer host;
    private final BrokerGatherer broker;
    private final RuleEngine engine;
    private final Clock clock;
    private final String agentVersion;
    private final int historySize;
    private final java.util.ArrayDeque<Snapshot> history = new java.util.ArrayDeque<>();

    public Inspection(HostGatherer host, BrokerGatherer broker, RuleEngine engine, Clock clock, String agentVersion) {
        this(host, broker, engine, clock, agentVersion, 0);
    }

    /**
     * @param historySize how many earlier gatherings the rules see in {@link Snapshot#earlier()} (0 for
     *                    {@code inspect}; the daemon keeps a few for trends and agreement across windows)
     */
    public Inspection(HostGatherer host, BrokerGatherer broker, RuleEngine engine, Clock clock, String agentVersion,
                      int historySize) {
        this.historySize = historySize;
        this.host = host;
        this.broker = broker;
        this.engine = engine;
        this.clock = clock;
        this.agentVersion = agentVersion;
    }

    /**
     * Gathers and evaluates.
     *
     * @param logDirs       data dirs given by the operator; when empty, the broker's own {@code log.dirs} are used,
     *                      and when those are unknown too, every disk-backed mount is assessed
     * @param sampleSeconds sample window (0 = single read)
     * @param clusterAlias  operator's cluster name, may be null
     * @param tags          operator's labels
     */
    public Report run(List<String> logDirs, int sampleSeconds, String clusterAlias, Map<String, String> tags) {
        return run(logDirs, sampleSeconds, clusterAlias, tags, true);
    }

    /**
     * The daemon's first report, served before its first sample window could end: the facts read once (no sample
     * window), the rules that need no window judged, those that need one ({@code Source.WINDOW}) answered unknown,
     * not sampled yet. Kept out of the history the later gatherings see (a zero-length window is no window).
     */
    public Report runUnsampled(List<String> logDirs, String clusterAlias, Map<String, String> tags) {
        return run(logDirs, 0, clusterAlias, tags, false);
    }

    /**
     * The daemon's earliest report, served before the broker's network reads answer: the host facts read once (no
     * window) over the data dirs the broker's local discovery declares (its {@code server.properties}, no network),
     * the broker {@code not-read-yet}, every rule unknown ({@link RuleEngine#NOT_READ_YET}). Kept out of the history.
     */
    public Report runHostOnly(List<String> logDirs, String clusterAlias, Map<String, String> tags) {
        List<String> dirs = logDirs.isEmpty() ? broker.logDirs() : logDirs;
        java.util.OptionalLong brokerPid = logDirs.isEmpty() && !dirs.isEmpty() ? broker.pid()
                : java.util.OptionalLong.empty();
        Gathered<HostFacts> hostRead = host.gather(dirs, brokerPid, 0);
        BrokerFacts notRead = BrokerFacts.notReadYet("the broker's JMX and AdminClient reads have not answered yet"
                + (brokerPid.isPresent() ? " (broker process " + brokerPid.getAsLong() + " found)" : ""));
        Evaluation evaluation = engine.notReadYet();
        return new Report(Report.SCHEMA_VERSION, UUID.randomUUID().toString(), clock.instant(), agentVersion,
                clusterAlias, tags, hostRead.value(), notRead, evaluation.findings(), evaluation.checks(),
                hostRead.problems());
    }

    private Report run(List<String> logDirs, int sampleSeconds, String clusterAlias, Map<String, String> tags,
                       boolean sampled) {
        List<String> dirs = logDirs.isEmpty() ? broker.logDirs() : logDirs;
        // the broker's own log.dirs are paths in its mount namespace; the operator's --log-dirs are host paths
        java.util.OptionalLong brokerPid = logDirs.isEmpty() && !dirs.isEmpty() ? broker.pid()
                : java.util.OptionalLong.empty();
        CompletableFuture<Gathered<BrokerFacts>> brokerRead =
                CompletableFuture.supplyAsync(() -> broker.gather(sampleSeconds), Inspection::startDaemon);
        Gathered<HostFacts> hostRead = host.gather(dirs, brokerPid, sampleSeconds);
        Gathered<BrokerFacts> brokerFacts = broker.withHostFacts(brokerRead.join(), hostRead.value());
        BrokerEndpoints endpoints = BrokerEndpoints.of(brokerFacts.value());
        Gathered<HostFacts> placed = endpoints.known() ? host.placeListeners(hostRead.value(), endpoints)
                : new Gathered<>(hostRead.value(), List.of());
        Snapshot snapshot;
        synchronized (history) {
            snapshot = new Snapshot(clock.instant(), placed.value(), brokerFacts.value(), List.copyOf(history),
                    historySize);
            if (historySize > 0 && sampled) {
                history.addFirst(snapshot.withoutHistory());
                while (history.size() > historySize) {
                    history.removeLast();
                }
            }
        }
        Evaluation evaluation = engine.evaluate(snapshot, sampled);
        List<Problem> problems = new ArrayList<>(hostRead.problems());
        problems.addAll(placed.problems());
        problems.addAll(brokerFacts.problems());
        return new Report(Report.SCHEMA_VERSION, UUID.randomUUID().toString(), snapshot.at(), agentVersion,
                clusterAlias, tags, snapshot.host(), snapshot.broker(), evaluation.findings(), evaluation.checks(),
                problems);
    }

    private static void startDaemon(Runnable r) {
        Thread t = new Thread(r, "broker-gather");
        t.setDaemon(true);
        t.start();
    }
}
