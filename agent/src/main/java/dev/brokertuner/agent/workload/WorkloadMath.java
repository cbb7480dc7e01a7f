package dev.brokertuner.agent.workload;

/**
 * Turns the workload counters ({@link WorkloadBeans.Counters}) into rates and means: over a window, the growth of
 * each counter over the elapsed time (a counter that shrank, as after a broker restart, is unknown); from a single
 * read, the meters' {@code OneMinuteRate}s and lifetime means. Pure arithmetic, tested apart from JMX.
 */
final class WorkloadMath {
    private final WorkloadBeans.Counters start;
    private final WorkloadBeans.Counters end;

    private WorkloadMath(WorkloadBeans.Counters start, WorkloadBeans.Counters end) {
        this.start = start;
        this.end = end;
    }

    /** Rates over the window between two reads. */
    static WorkloadMath window(WorkloadBeans.Counters start, WorkloadBeans.Counters end) {
        return new WorkloadMath(start, end);
    }

    /** Rates from one read (the one-minute rates). */
    static WorkloadMath single(WorkloadBeans.Counters end) {
        return new WorkloadMath(null, end);
    }

    private double seconds() {
        return (end.nanos() - start.nanos()) / 1e9;
    }

    /** Growth of {@code key} over the window; null when unknown at either end, shrunk, or no time passed. */
    private Double delta(String key) {
        Double a = start.get(key);
        Double b = end.get(key);
        if (a == null || b == null || b < a) {
            return null;
        }
        return b - a;
    }

    /** The per-second rate of {@code key}. */
    Double rate(String key) {
        if (start == null) {
            return end.get(key + ".rate");
        }
        Double d = delta(key);
        double s = seconds();
        return d == null || s <= 0 ? null : d / s;
    }

    /** The mean of histogram {@code key} over the window (lifetime mean from one read); null with no samples. */
    Double mean(String key) {
        if (start == null) {
            Double count = end.get(key + ".count");
            Double sum = end.get(key + ".sum");
            return count == null || sum == null || count <= 0 ? null : sum / count;
        }
        Double count = delta(key + ".count");
        Double sum = delta(key + ".sum");
        return count == null || sum == null || count <= 0 ? null : sum / count;
    }

    /**
     * Consumer bytes out per consumer fetch request: {@code BytesOutPerSec} over FetchConsumer requests.
     * {@code BytesOutPerSec} already excludes follower fetches (Kafka's {@code BrokerTopicStats.updateBytesOut}
     * counts replication bytes only in {@code ReplicationBytesOutPerSec}), so it is the consumers' bytes as it is;
     * subtracting replication would count replication twice. Null without consumer fetches (nothing to divide by)
     * or when a part is unknown.
     */
    Double consumerBytesPerFetch() {
        Double out = rate("bytesOut");
        Double fetches = rate("FetchConsumer.requests");
        if (out == null || fetches == null || fetches <= 0) {
            return null;
        }
        return out / fetches;
    }
}
