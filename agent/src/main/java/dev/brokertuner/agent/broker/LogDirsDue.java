package dev.brokertuner.agent.broker;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether this gathering calls {@code describeLogDirs} or carries the last read (issue 15): the call walks every
 * replica on the broker (5-15 ms of agent CPU per gathering at 2,000-10,000 partitions, and the broker's own), while
 * the sizes it gives change slowly. Read on the first gathering, after a failed read, once at least the period has
 * passed since the last successful read (less a tenth of it, so that a gathering a few milliseconds early does not
 * push the read to the next one), and at once when what it describes changed: another broker process or JVM start,
 * the broker's partition count (JMX) or offline log dirs, its data dirs, the topics listed. Pure.
 */
public sealed interface LogDirsDue permits LogDirsDue.Read, LogDirsDue.Carry {
    /** Call {@code describeLogDirs} now, and why. */
    record Read(String why) implements LogDirsDue {
    }

    /** Carry the last read, {@code age} old. */
    record Carry(Duration age) implements LogDirsDue {
    }

    /**
     * What a read describes, as known when the gathering starts; a null (or empty) part is unknown and never counts
     * as a change.
     *
     * @param pid            the broker's pid
     * @param processStart   the broker JVM's start time (JMX {@code Runtime StartTime}, last known)
     * @param partitionCount the broker's {@code ReplicaManager PartitionCount} (JMX, last known)
     * @param offlineLogDirs its {@code LogManager OfflineLogDirectoryCount} (JMX, last known)
     * @param dataDirs       its {@code log.dirs} (server.properties)
     * @param topics         the topics listed this gathering ({@code listTopics})
     */
    record Basis(Long pid, Long processStart, Long partitionCount, Long offlineLogDirs, List<String> dataDirs,
                 Set<String> topics) {
        public Basis {
            dataDirs = dataDirs == null ? List.of() : List.copyOf(dataDirs);
            topics = topics == null ? null : Set.copyOf(topics);
        }

        /** Nothing known (tests, inspect). */
        public static Basis unknown() {
            return new Basis(null, null, null, null, List.of(), null);
        }

        /** This basis with the topics listed this gathering. */
        public Basis withTopics(Set<String> listed) {
            return new Basis(pid, processStart, partitionCount, offlineLogDirs, dataDirs, listed);
        }
    }

    /** The last successful read: when (monotonic nanoseconds) and on what basis. */
    record Last(long nanos, Basis basis) {
    }

    /**
     * The decision.
     *
     * @param last       the last successful read, null when none (first gathering, or the last read failed)
     * @param lastFailed true when the last read failed (said in the reason)
     * @param now        the basis now
     * @param nowNanos   now, on the clock of {@link Last#nanos()}
     * @param period     the least time between two reads; zero reads every gathering
     */
    static LogDirsDue decide(Last last, boolean lastFailed, Basis now, long nowNanos, Duration period) {
        if (last == null) {
            return new Read(lastFailed ? "the last read failed" : "first read");
        }
        String changed = changed(last.basis(), now);
        if (changed != null) {
            return new Read(changed);
        }
        Duration age = Duration.ofNanos(Math.max(0, nowNanos - last.nanos()));
        if (age.compareTo(period.minus(period.dividedBy(10))) >= 0) {
            return new Read("last read " + age.toSeconds() + " s ago (period " + period.toSeconds() + " s)");
        }
        return new Carry(age);
    }

    /** What changed between two bases, null when nothing known did. */
    private static String changed(Basis was, Basis now) {
        if (differs(was.pid(), now.pid())) {
            return "another broker process (pid " + was.pid() + " -> " + now.pid() + ")";
        }
        if (differs(was.processStart(), now.processStart())) {
            return "the broker's JVM started again";
        }
        if (differs(was.partitionCount(), now.partitionCount())) {
            return "partition count " + was.partitionCount() + " -> " + now.partitionCount();
        }
        if (differs(was.offlineLogDirs(), now.offlineLogDirs())) {
            return "offline log dirs " + was.offlineLogDirs() + " -> " + now.offlineLogDirs();
        }
        if (!was.dataDirs().isEmpty() && !now.dataDirs().isEmpty() && !was.dataDirs().equals(now.dataDirs())) {
            return "data dirs changed";
        }
        if (was.topics() != null && now.topics() != null && !was.topics().equals(now.topics())) {
            return "topics changed";
        }
        return null;
    }

    private static boolean differs(Object was, Object now) {
        return was != null && now != null && !Objects.equals(was, now);
    }
}
