package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.WorkloadMeters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consumers fetching tiny responses at a high rate: many FetchConsumer requests per second over the window, few
 * consumer bytes per request ({@code BytesOutPerSec}, which excludes follower fetches, over those requests), and the requests answered
 * at once rather than waiting in the fetch purgatory: {@code fetch.min.bytes} 1 (Kafka's default) with a short or
 * zero {@code fetch.max.wait.ms}, so each fetch returns with the first record or with nothing. The advice is the
 * scaling chapter's consumer batching, {@code fetch.min.bytes=1024} and {@code fetch.max.wait.ms=500}, as starting
 * points.
 *
 * <p>Idle consumers long-polling with nothing to fetch are healthy and must not fire: with Kafka's default
 * {@code fetch.max.wait.ms=500} each of their fetches waits that long in the purgatory and returns empty, so bytes
 * per fetch are about zero but FetchConsumer total time's median is about the wait. The rule tells them apart by that
 * median ({@code TotalTimeMs} p50): at or above {@code longPollMs} the fetches are long polls and pass. Subject
 * {@code consumer fetches}: the request meters are broker-wide, not per topic.
 */
public final class ConsumerFetchRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.consumer.fetch";
    static final String SUBJECT = "consumer fetches";
    static final String MIN_REQUESTS = "minRequestsPerSec";
    static final String MAX_BYTES = "maxBytesPerFetch";
    static final String LONG_POLL_MS = "longPollMs";
    static final long MIN_BYTES = 1024;
    static final long MAX_WAIT_MS = 500;

    static final String CHAPTER = "The scaling chapter broker-tuner grew from, \"Consumer Optimization\", "
            + "\"Batching\": fetch_min_bytes=1024 (\"wait for 1KB\"), fetch_max_wait_ms=500 (starting points, not "
            + "measurements)";
    static final String KAFKA_CONSUMER_CONFIGS = "Kafka 4.0 consumer configs: fetch.min.bytes (default 1: \"a single "
            + "byte of data\" answers a fetch at once), fetch.max.wait.ms (default 500: how long the server blocks "
            + "before answering when fetch.min.bytes is not met) "
            + "(https://kafka.apache.org/40/configuration/consumer-configs)";
    static final String KAFKA_MONITORING = "Kafka documentation, Operations, \"Monitoring\": request rate "
            + "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchConsumer and total time "
            + "(RemoteTimeMs: a fetch waiting in the purgatory) (https://kafka.apache.org/40/operations/)";
    static final String HEURISTIC = "broker-tuner's own heuristics, not from Kafka's documentation or the chapter: "
            + "a high rate is at least 100 FetchConsumer requests/s on this broker (minRequestsPerSec), a tiny "
            + "response under the chapter's 1024 bytes (maxBytesPerFetch), and a median total time of 100 ms or more "
            + "(longPollMs) marks fetches that long-poll";

    static final RuleMeta META = new RuleMeta(ID, "Consumers fetching tiny responses at a high rate (FetchConsumer "
            + "requests/s, consumer bytes per fetch, answered without waiting): the chapter's fetch.min.bytes=1024 "
            + "and fetch.max.wait.ms=500 as starting points (info). Idle consumers long-polling pass.",
            Set.of(Source.BROKER, Source.WINDOW), List.of(CHAPTER, KAFKA_CONSUMER_CONFIGS, KAFKA_MONITORING, HEURISTIC),
            defaults(), Set.of(Severity.INFO));

    /**
     * Arguments: rate, window, bytes per fetch, p50, consumer bytes, expected rate and how it was estimated, the
     * rate, long poll, the heuristic thresholds, the chapter's threshold, sources.
     */
    static final String WHY = """
            This broker answers %s FetchConsumer requests/s (%s) carrying %s of consumer data each, and half of \
            them complete within %s ms: consumers fetch with fetch.min.bytes at or near 1 (Kafka's default) and a \
            short fetch.max.wait.ms, so each fetch returns with the first record or with nothing and the next \
            follows at once. Every request costs a network thread, a request handler and a response, whatever it \
            carries. Consumers that wait for more data per fetch make far fewer requests: the scaling chapter's \
            starting points are fetch.min.bytes=1024 and fetch.max.wait.ms=500 (fetch.max.wait.ms=500 is also \
            Kafka's default), which answer a fetch once 1 KiB is ready or after 500 ms. At the %s of consumer \
            data measured, that is about %s requests/s (%s) instead of %s, at up to 500 ms more latency for a \
            consumer on a quiet partition. Idle consumers long-polling with nothing to fetch are not this: their \
            fetches wait in the purgatory, so the median total time is near their fetch.max.wait.ms (%s ms or more \
            passes). A high rate and a long poll are broker-tuner's heuristics (%s); a tiny response is under the \
            chapter's fetch.min.bytes (%s). Sources: %s.""";

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(MIN_REQUESTS, 100.0);
        t.put(MAX_BYTES, (double) MIN_BYTES);
        t.put(LONG_POLL_MS, 100.0);
        return t;
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(SUBJECT, "broker not read (" + broker.status().wire() + ")"));
        }
        double minRequests = META.threshold(thresholds, MIN_REQUESTS);
        double maxBytes = META.threshold(thresholds, MAX_BYTES);
        double longPoll = META.threshold(thresholds, LONG_POLL_MS);
        WorkloadMeters w = broker.workload();
        Double rate = w.fetchConsumerRequestsPerSec();
        if (rate == null) {
            return List.of(new Outcome.Unknown(SUBJECT, "FetchConsumer RequestsPerSec not read"));
        }
        if (rate < minRequests) {
            return List.of(new Outcome.Pass(SUBJECT, Units.trim(rate) + " FetchConsumer requests/s, under "
                    + Units.trim(minRequests)));
        }
        Double bytes = w.fetchConsumerBytesPerRequest();
        if (bytes == null) {
            return List.of(new Outcome.Unknown(SUBJECT, "consumer bytes per fetch not known (BytesOutPerSec not "
                    + "read)"));
        }
        if (bytes >= maxBytes) {
            return List.of(new Outcome.Pass(SUBJECT, Units.bytes(bytes) + " per consumer fetch at "
                    + Units.trim(rate) + " requests/s"));
        }
        Double p50 = broker.metrics().fetchConsumerTotalTimeMsP50();
        if (p50 == null) {
            return List.of(new Outcome.Unknown(SUBJECT, "FetchConsumer TotalTimeMs not read, so fetches that "
                    + "long-poll cannot be told from fetches answered at once"));
        }
        if (p50 >= longPoll) {
            return List.of(new Outcome.Pass(SUBJECT, "fetches long-poll (FetchConsumer total time p50 "
                    + Units.trim(p50) + " ms): consumers wait for data, " + Units.bytes(bytes) + " per fetch at "
                    + Units.trim(rate) + " requests/s"));
        }
        double consumerBytes = bytes * rate;
        Long sessions = w.incrementalFetchSessions();
        double expected = consumerBytes / MIN_BYTES + (sessions == null ? 0 : 2.0 * sessions);
        expected = Math.min(rate, expected);
        String how = sessions == null
                ? "the data in 1 KiB responses, plus up to 2 per second per consumer connection on a quiet partition"
                : "the data in 1 KiB responses plus at most 2 per second for each of the " + sessions
                + " incremental fetch sessions, about one per consumer and broker";
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("fetchConsumerRequestsPerSec", Units.exact(rate));
        evidence.put("fetchConsumerBytesPerRequest", Units.exact(bytes));
        evidence.put("consumerBytesOutPerSec", Units.exact(consumerBytes));
        evidence.put("fetchConsumerTotalTimeMsP50", Units.exact(p50));
        if (broker.metrics().fetchConsumerRemoteTimeMsP99() != null) {
            evidence.put("fetchConsumerRemoteTimeMsP99", Units.exact(broker.metrics().fetchConsumerRemoteTimeMsP99()));
        }
        if (sessions != null) {
            evidence.put("incrementalFetchSessions", String.valueOf(sessions));
        }
        if (broker.metrics().bytesInPerSec() != null) {
            evidence.put("bytesInPerSec", Units.exact(broker.metrics().bytesInPerSec()));
        }
        if (w.windowSeconds() != null) {
            evidence.put("windowSeconds", Units.exact(w.windowSeconds()));
        }
        evidence.put("expectedRequestsPerSec", Units.exact(expected));
        evidence.put("threshold." + MIN_REQUESTS, Units.trim(minRequests));
        evidence.put("threshold." + MAX_BYTES, Units.trim(maxBytes));
        evidence.put("threshold." + LONG_POLL_MS, Units.trim(longPoll));
        String why = WHY.formatted(Units.trim(rate), MeterWindow.of(w.windowSeconds(), snapshot), Units.bytes(bytes),
                Units.trim(p50), Units.bytes(consumerBytes) + "/s", Units.trim(expected), how, Units.trim(rate),
                Units.trim(longPoll), MIN_REQUESTS + " " + Units.trim(minRequests) + ", " + LONG_POLL_MS + " "
                        + Units.trim(longPoll), MAX_BYTES + " " + Units.trim(maxBytes),
                String.join("; ", CHAPTER, KAFKA_CONSUMER_CONFIGS, KAFKA_MONITORING));
        List<String> apply = List.of(
                Shell.comment("consumer settings, not the broker's: set in each consumer's configuration and "
                        + "restart it"),
                Shell.comment("  fetch.min.bytes=" + MIN_BYTES),
                Shell.comment("  fetch.max.wait.ms=" + MAX_WAIT_MS));
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.INFO, SUBJECT, Units.bytes(bytes)
                + " per fetch at " + Units.trim(rate) + " requests/s", "fetch.min.bytes=" + MIN_BYTES
                + ", fetch.max.wait.ms=" + MAX_WAIT_MS + " (about " + Units.trim(expected) + " requests/s)", why,
                evidence, apply)));
    }
}
