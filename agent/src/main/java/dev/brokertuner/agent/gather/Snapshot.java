package dev.brokertuner.agent.gather;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.HostFacts;
import java.util.Objects;

/**
 * Everything the rules see: host facts and broker facts from one gathering. Rules read only this.
 *
 * @param host   host facts (never null; unknown facts are null inside)
 * @param broker broker facts (never null; status not-found or unreachable when there is no broker to read)
 */
public record Snapshot(HostFacts host, BrokerFacts broker) {
    public Snapshot {
        Objects.requireNonNull(host, "host");
        broker = broker == null ? BrokerFacts.notFound("broker side not gathered") : broker;
    }
}
