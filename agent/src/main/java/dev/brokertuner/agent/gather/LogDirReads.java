package dev.brokertuner.agent.gather;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.LogDirUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells distinct {@code describeLogDirs} reads from carried ones across gatherings (issue 15): the daemon calls it
 * every {@code broker.logDirsSeconds} and carries the last read into the gatherings between, each with the time it
 * was read ({@link LogDirUsage#readAt()}). Whatever computes growth from those sizes takes one point per read, at
 * the read's time, so a carried copy is never a zero-growth point and a span is the real one between two reads.
 * Facts that do not say when they were read (hand-built, older agents) count each gathering as a read at its time.
 */
public final class LogDirReads {
    private LogDirReads() {
    }

    /** When the broker's log dirs in these facts were read (the latest {@code readAt}); null when not said. */
    public static Instant readAt(BrokerFacts broker) {
        Instant at = null;
        for (LogDirUsage u : broker.logDirs()) {
            if (u.readAt() != null && (at == null || u.readAt().isAfter(at))) {
                at = u.readAt();
            }
        }
        return at;
    }

    /** The time of a gathering's log-dir sizes: their read's, else the gathering's; null when neither is known. */
    public static Instant pointAt(Snapshot snapshot) {
        Instant read = readAt(snapshot.broker());
        return read != null ? read : snapshot.at();
    }

    /**
     * This gathering and the earlier ones that hold a read not already counted, newest first: one per
     * {@code describeLogDirs} read (the newest gathering that carries it). A gathering whose time is unknown is kept
     * (nothing tells it apart).
     */
    public static List<Snapshot> distinct(Snapshot snapshot) {
        List<Snapshot> out = new ArrayList<>();
        Set<Instant> seen = new HashSet<>();
        List<Snapshot> all = new ArrayList<>();
        all.add(snapshot);
        all.addAll(snapshot.earlier());
        for (Snapshot s : all) {
            Instant at = pointAt(s);
            if (at == null || seen.add(at)) {
                out.add(s);
            }
        }
        return out;
    }
}
