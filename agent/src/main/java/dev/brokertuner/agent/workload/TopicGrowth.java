package dev.brokertuner.agent.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The growth per topic that ranks the top topics ({@link TopTopics#growth}), between the two latest distinct
 * {@code describeLogDirs} reads over the real span between them: the daemon reads the sizes every few gatherings and
 * carries the last read between, and a carried copy (the same read time) keeps the growth of the read it carries,
 * never a zero growth over the time since. Sizes that do not say when they were read count as read at the
 * gathering ({@code nanos}). Not thread-safe: one owner.
 */
public final class TopicGrowth {
    private Map<String, Long> lastBytes;
    private Instant lastReadAt;
    private long lastNanos;
    private Map<String, Double> growth = Map.of();

    /**
     * The growth per topic for this gathering's sizes.
     *
     * @param bytes  bytes per topic here
     * @param readAt when they were read, null when not said
     * @param nanos  the gathering's time on the monotonic clock (used when {@code readAt} is null)
     */
    public Map<String, Double> update(Map<String, Long> bytes, Instant readAt, long nanos) {
        if (readAt != null && readAt.equals(lastReadAt)) {
            return growth;
        }
        if (lastBytes != null) {
            double seconds = readAt != null && lastReadAt != null
                    ? Duration.between(lastReadAt, readAt).toNanos() / 1e9 : (nanos - lastNanos) / 1e9;
            growth = Map.copyOf(TopTopics.growth(lastBytes, bytes, seconds));
        }
        lastBytes = Map.copyOf(bytes);
        lastReadAt = readAt;
        lastNanos = nanos;
        return growth;
    }
}
