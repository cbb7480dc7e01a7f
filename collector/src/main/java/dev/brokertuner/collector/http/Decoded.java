package dev.brokertuner.collector.http;

import dev.brokertuner.collector.store.Incoming;
import java.util.List;

/** The result of decoding one posted body: a report ready for the store, or why not. */
public sealed interface Decoded permits Decoded.Ok, Decoded.Rejected {
    /**
     * A valid report.
     *
     * @param incoming what goes to the store
     */
    record Ok(Incoming incoming) implements Decoded {
    }

    /**
     * A body the collector will not store; retrying it cannot help.
     *
     * @param outcome  for metrics
     * @param status   HTTP status (400, 413, 415, 422)
     * @param error    one sentence
     * @param problems every problem found (schema paths), may be empty
     */
    record Rejected(IngestOutcome outcome, int status, String error, List<String> problems) implements Decoded {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }
}
