package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges {@code socket.request.max.bytes}, the largest request the broker reads, against {@code message.max.bytes},
 * the largest record batch it accepts: a produce request carrying one maximum-size batch plus its headers must fit,
 * or the broker closes the connection ({@code InvalidReceiveException}) and the producer sees a disconnect and
 * retries. The fetch sizes ({@code replica.fetch.max.bytes}, {@code fetch.max.bytes}) bound responses, which clients
 * and followers read without this limit, so they are evidence only.
 */
public final class SocketRequestMaxRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.socket.request-max";
    static final String CONFIG = "socket.request.max.bytes";
    /** Room for the request and record headers of other partitions in the same produce request. */
    static final long HEADROOM = 1L << 20;

    static final RuleMeta META = RuleMeta.of(ID,
            "socket.request.max.bytes must exceed message.max.bytes (plus request headers), or produce requests "
                    + "with a maximum-size batch close the connection; fetch sizes bound responses, not requests.",
            Set.of(Source.BROKER), List.of(Sources.KAFKA_BROKER_CONFIGS, Sources.KAFKA_NETWORK_RECEIVE),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(CONFIG, "broker not read (" + broker.status().wire() + ")"));
        }
        OptionalLong max = BrokerConfigs.longValue(broker, CONFIG);
        OptionalLong message = BrokerConfigs.longValue(broker, "message.max.bytes");
        if (max.isEmpty()) {
            return List.of(new Outcome.Unknown(CONFIG, CONFIG + " not read from describeConfigs"));
        }
        if (message.isEmpty()) {
            return List.of(new Outcome.Unknown(CONFIG, "message.max.bytes not read from describeConfigs"));
        }
        long request = max.getAsLong();
        long batch = message.getAsLong();
        long needed = batch + HEADROOM;
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(CONFIG, String.valueOf(request));
        evidence.put("message.max.bytes", String.valueOf(batch));
        for (String fetch : List.of("replica.fetch.max.bytes", "replica.fetch.response.max.bytes",
                "fetch.max.bytes")) {
            BrokerConfigs.longValue(broker, fetch).ifPresent(v -> evidence.put(fetch, String.valueOf(v)));
        }
        if (request >= needed) {
            return List.of(new Outcome.Pass(CONFIG, CONFIG + "=" + request + " >= message.max.bytes=" + batch
                    + " + 1 MiB"));
        }
        long recommended = (needed + (1L << 20) - 1) / (1L << 20) * (1L << 20);
        evidence.put("neededBytes", String.valueOf(needed));
        String why = "socket.request.max.bytes (" + Units.bytes(request) + ") is the largest request the broker "
                + "reads; a larger one fails with InvalidReceiveException and the broker closes the connection, so "
                + "the producer sees a disconnect and retries the same request. message.max.bytes (" + Units.bytes(
                batch) + ") lets producers send batches up to that size, so a produce request with one such batch "
                + (request < batch ? "cannot" : "barely") + " fit" + (request < batch ? "" : ": request and record "
                + "headers and other partitions' batches need more room") + ". Recommended: message.max.bytes + 1 "
                + "MiB, rounded up to a MiB = " + recommended + " (Kafka's default is 104857600), or lower "
                + "message.max.bytes (dynamic) instead. Fetch sizes (replica.fetch.max.bytes, fetch.max.bytes) "
                + "bound responses, which consumers and followers read with no size limit, so they do not need to "
                + "fit here. socket.request.max.bytes is read-only: a rolling restart applies it. Sources: "
                + String.join("; ", sources()) + ".";
        ConfigValue c = broker.config(CONFIG).orElse(null);
        List<String> apply = new ArrayList<>(BrokerConfigs.set(broker, c, CONFIG, String.valueOf(recommended)));
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.WARNING, CONFIG, String.valueOf(request),
                String.valueOf(recommended), why, evidence, BrokerConfigs.withCommandConfigNote(apply))));
    }
}
