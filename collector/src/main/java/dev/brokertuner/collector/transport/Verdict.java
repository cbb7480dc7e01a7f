package dev.brokertuner.collector.transport;

import dev.brokertuner.collector.store.Incoming;

/** What the collector does with one record of the reports topic: store its report, or skip it and say why. */
public sealed interface Verdict permits Verdict.Store, Verdict.Skip {
    /** A valid report from a sender allowed to write for its host. */
    record Store(Incoming incoming) implements Verdict {
    }

    /**
     * A record that can never become a report; counted by {@code reason} and skipped (its offset is committed with
     * the batch, so it never blocks the partition).
     *
     * @param reason the metric label: {@code invalid}, {@code too_large}, {@code unprocessable},
     *               {@code unsupported_media}, {@code key_mismatch}, {@code forbidden}
     * @param detail one sentence for the log (identifiers printable-escaped)
     */
    record Skip(String reason, String detail) implements Verdict {
    }
}
