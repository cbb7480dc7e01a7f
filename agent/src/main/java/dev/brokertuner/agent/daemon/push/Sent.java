package dev.brokertuner.agent.daemon.push;

/** What handing one queued report to the collector's side (HTTP or the Kafka topic) came to. */
public sealed interface Sent permits Sent.Accepted, Sent.Retry, Sent.Rejected {
    /**
     * Accepted: the collector stored it (or had it), or the Kafka cluster acknowledged it (acks=all). The entry
     * leaves the outbox.
     *
     * @param duplicate the collector answered that it already had it
     */
    record Accepted(boolean duplicate) implements Sent {
    }

    /**
     * Not delivered now; the entry stays and is retried with backoff.
     *
     * @param why        for the log and /health
     * @param retryAfter the collector's Retry-After header, null when none
     */
    record Retry(String why, String retryAfter) implements Sent {
    }

    /**
     * Refused for good (the report itself is wrong or too large); the entry is dropped and counted.
     *
     * @param why for the log
     */
    record Rejected(String why) implements Sent {
    }
}
